------------------------------- MODULE Trace -------------------------------
(***************************************************************************)
(* Trace validation: is a run of the Java core (recorded by the testkit's *)
(* simulator, see SpecTrace) a behaviour of the specification?            *)
(*                                                                         *)
(* TraceLog (module TraceLog, generated from the recorded trace) is a     *)
(* sequence of events, one per line of the trace.  Step i of a behaviour  *)
(* of this module takes the action of event i at the node named, with the *)
(* logged arguments (the message received, the value proposed, the round *)
(* BLE handed, ...), and then checks what the event logged: the messages *)
(* the node sent and its durable state, role and phase after the event.   *)
(* A Java handler that changes nothing is a stuttering step of the spec   *)
(* (a disabled action), so an event may also leave everything unchanged.  *)
(*                                                                         *)
(* The trace is a behaviour of the spec iff a state with tl = Len + 1 is  *)
(* reachable: TLC checks the invariant TraceNotFinished, and a violation  *)
(* means the whole trace was matched.  If TLC finds no violation, the     *)
(* depth it reports is the number of the first event no step matches.    *)
(***************************************************************************)
EXTENDS Integers, OmniPaxos, TraceLog

VARIABLES
    tl,   \* the number of the next trace event
    tr    \* the trace: TraceLog, held in a variable so that TLC evaluates it
          \* only once (TraceView leaves it out of the fingerprints)

\* Any node may lead any round up to this bound (BLE's choice is logged).
TraceBallots == {<<r, p>> : r \in 1..1000, p \in Servers}

\* The stop signs of the simulator: minus the id of the next configuration.
TraceStopSigns == {-c : c \in 2..100}

TraceInit == Init /\ tl = 1 /\ tr = TraceLog

\* The spec's step for the event, or a stutter (the Java handler changed
\* nothing).  A stutter is allowed even if the action is enabled (ENABLED
\* is too slow in TLC for these actions); what the event logged decides,
\* and a stutter that hides a change of volatile state shows in later events.
Step(A) == A \/ UNCHANGED vars

Event(e) ==
    LET s == e.node
    IN  CASE e.action = "Receive"       -> e.msg \in net /\ e.msg.to = s /\ Step(Receive(e.msg))
          [] e.action = "BecomeLeader"  -> Step(BecomeLeader(s, e.r))
          [] e.action = "Propose"       -> Step(Propose(s, e.v))
          [] e.action = "Reconfigure"   -> Step(Reconfigure(s, e.ss))
          [] e.action = "Trim"          -> Step(Trim(s))
          [] e.action = "Snapshot"      -> Step(Snapshot(s))
          [] e.action = "Reconnected"   -> Step(UserReconnected(s, e.p))
          [] e.action = "ResendTimeout" -> Step(ResendTimeout(s))
          [] e.action = "Restart"       -> Step(Restart(s))

\* The logged state of node s after the event, through the README's mapping
\* (positions below the compacted index are compared only with a snapshot).
StateMatches(s, st) ==
    LET d == dur'[s]
    IN  /\ d.promise = st.promise
        /\ d.accRound = st.accRound
        /\ d.decided = st.decided
        /\ d.compacted = st.compacted
        /\ d.snap = st.snap
        /\ Len(d.log) = st.acc
        /\ SubSeq(d.log, d.compacted + 1, Len(d.log)) = st.suffix
        /\ d.snap => Prefix(d.log, d.compacted) = st.pre
        /\ vol'[s].role = st.role
        /\ vol'[s].phase = st.phase

TraceNext ==
    /\ tl <= Len(tr)
    /\ LET e == tr[tl]
       IN  /\ Event(e)
           /\ IF e.full THEN net' = net \cup e.sent ELSE net' \subseteq net \cup e.sent
           /\ e.full => StateMatches(e.node, e.state)
    /\ FlushUpdate
    /\ tl' = tl + 1
    /\ UNCHANGED tr

TraceSpec == TraceInit /\ [][TraceNext]_<<vars, tl, tr>>

TraceView == <<vars, tl>>

\* Violated once every event was matched: the trace is a behaviour.
TraceNotFinished == tl <= Len(tr)
=============================================================================
