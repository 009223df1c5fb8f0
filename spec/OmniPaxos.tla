----------------------------- MODULE OmniPaxos -----------------------------
(***************************************************************************)
(* Sequence Paxos as our Java core implements it (omnipaxos-core, package *)
(* omnipaxos.core.paxos).  One action per handled message type, per user  *)
(* operation and per timeout, so that a trace of the Java core can be     *)
(* checked against it (Trace.tla).  Names of variables and fields follow  *)
(* Java fields (see README.md for the mapping).                            *)
(*                                                                         *)
(* Leader election is abstracted: any node may at any time try to lead    *)
(* with any ballot (n, pid) it owns; the core's handleLeader decides       *)
(* whether it starts a Prepare phase.                                      *)
(*                                                                         *)
(* The network is a set of messages that are never removed: a message can *)
(* be delivered any number of times (duplication), in any order           *)
(* (reordering), or never (loss).                                          *)
(*                                                                         *)
(* Log positions are 0-based as in Java: position p is log[p + 1].  The    *)
(* stop sign is stored as the last element of the log (Java keeps it       *)
(* apart, at position entriesEnd), so acceptedIdx = Len(log).  Entries     *)
(* below the compacted index stay in the model's log as ghost values (the  *)
(* snapshot is an abstract prefix); the protocol never reads them except   *)
(* through a stored snapshot.                                              *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets, TLC

CONSTANTS
    N,            \* number of servers; pids are 1..N
    Values,       \* client values (model values)
    StopSigns,    \* stop signs (model values), possibly empty
    Nil,          \* a model value that is neither a value nor a stop sign
    Ballots,      \* the ballots nodes may lead, as <<n, pid>> pairs
    Proposers,    \* the nodes at which clients propose
    MaxCrashes,   \* bound on the number of restarts
    MaxSession,   \* state constraint: sessions a leader opens per follower and ballot
    MaxLogLen,    \* state constraint: longest log explored
    MaxDepth,     \* state constraint: behaviours explored up to this many steps
    ReadQuorum,   \* prepare quorum (the leader included)
    WriteQuorum,  \* accept quorum (the leader included)
    Compaction,   \* TRUE: trim and snapshot actions are enabled
    Reconnect,    \* TRUE: the user may call reconnected(pid) at any time
    Resend,       \* TRUE: the resend timeout fires at any time
    EarlySend,    \* TRUE: a leader's replication may leave before its flush
    Mutant        \* "none" or the name of a deliberate bug (README, "Teeth")

Servers == 1..N
Peers(s) == Servers \ {s}

Min(a, b) == IF a <= b THEN a ELSE b
Max(a, b) == IF a >= b THEN a ELSE b

(***************************************************************************)
(* Ballots (n, pid); priority and configuration id are left out.           *)
(***************************************************************************)
NONE == [n |-> 0, pid |-> 0]
Gt(a, b) == a.n > b.n \/ (a.n = b.n /\ a.pid > b.pid)

SeqZero == [s |-> 0, c |-> 0]
SeqGt(a, b) == a.s > b.s \/ (a.s = b.s /\ a.c > b.c)

(***************************************************************************)
(* Logs.                                                                   *)
(***************************************************************************)
IsSS(e) == e \in StopSigns
HasSS(lg) == Len(lg) > 0 /\ IsSS(lg[Len(lg)])
EntriesEnd(lg) == IF HasSS(lg) THEN Len(lg) - 1 ELSE Len(lg)
StopSignOf(lg) == IF HasSS(lg) THEN <<lg[Len(lg)]>> ELSE <<>>
Prefix(lg, k) == SubSeq(lg, 1, k)
Slice(lg, from, to) == SubSeq(lg, from + 1, to)   \* positions [from, to)

(***************************************************************************)
(* Durable state of a node (PaxosState / Storage): promise, acceptedRound, *)
(* log (entries and stop sign), decidedIdx, compactedIdx and whether a     *)
(* snapshot is stored.                                                     *)
(***************************************************************************)
SSDecided(d) == HasSS(d.log) /\ d.decided = Len(d.log)
LogDecided(d) == IF SSDecided(d) THEN d.decided - 1 ELSE d.decided
DecidedPrefix(d) == Prefix(d.log, Min(d.decided, Len(d.log)))

(***************************************************************************)
(* LogSync: "keep your prefix [0, idx) (or take the snapshot pre, which    *)
(* covers exactly [0, idx)), then suffix, then the stop sign ss if any".   *)
(* ok = FALSE stands for Optional.empty().                                 *)
(***************************************************************************)
NoSync == [ok |-> FALSE, snap |-> FALSE, pre |-> <<>>, idx |-> 0,
           suffix |-> <<>>, ss |-> <<>>]

\* SequencePaxos.createLogSync(common, otherAccepted) on durable state d.
CreateLogSync(d, common, otherAcc) ==
    LET end       == EntriesEnd(d.log)
        from0     == Min(common, end)
        compacted == from0 < d.compacted
        from      == IF compacted THEN d.compacted ELSE from0
    IN  IF Mutant = "SnapshotPlaceholders" /\ compacted
        THEN \* bug: compacted positions are read as placeholders
             [ok |-> TRUE, snap |-> FALSE, pre |-> <<>>, idx |-> from0,
              suffix |-> [i \in 1..(d.compacted - from0) |-> Nil]
                            \o Slice(d.log, d.compacted, end),
              ss |-> StopSignOf(d.log)]
        ELSE IF compacted /\ ~d.snap /\ otherAcc < d.compacted
        THEN NoSync
        ELSE [ok |-> TRUE, snap |-> compacted /\ d.snap,
              pre |-> IF compacted /\ d.snap THEN Prefix(d.log, d.compacted) ELSE <<>>,
              idx |-> from, suffix |-> Slice(d.log, from, end),
              ss |-> StopSignOf(d.log)]

\* LogSync.acceptedIdx: the sender's accepted index.
SyncAcceptedIdx(sync) == sync.idx + Len(sync.suffix) + Len(sync.ss)

\* PaxosState.canApply(round, sync): the sync starts within the stored
\* entries or brings a snapshot; it does not cut off decided positions; and
\* a sync of the round this node already accepted that is shorter than its
\* log is stale (the fix of bug tla-1).  Mutant "StaleSync" is the core
\* before that fix, which checked only the first condition.
CanApply(d, round, sync) ==
    /\ sync.idx <= EntriesEnd(d.log) \/ sync.snap
    /\ Mutant # "StaleSync" =>
          /\ SyncAcceptedIdx(sync) >= d.decided
          /\ ~(round = d.accRound /\ SyncAcceptedIdx(sync) < Len(d.log))

\* Whether PaxosState.syncLog would throw (IllegalArgumentException, or the
\* StorageException of an AppendOnPrefix below the compacted index).
SyncLogFails(d, sync) ==
    /\ sync.ok
    /\ IF sync.idx < d.compacted
       THEN sync.idx + Min(d.compacted - sync.idx, Len(sync.suffix)) < d.compacted
       ELSE ~(sync.snap /\ sync.idx > d.compacted) /\ sync.idx > EntriesEnd(d.log)

\* PaxosState.syncLog(round, leaderDecided, sync), when it does not fail.
SyncLog(d, round, ldec, sync) ==
    IF ~sync.ok
    THEN [d EXCEPT !.accRound = round,
                   !.decided = Max(d.decided, Min(ldec, Len(d.log)))]
    ELSE LET skip    == IF sync.idx < d.compacted
                        THEN Min(d.compacted - sync.idx, Len(sync.suffix)) ELSE 0
             idx1    == sync.idx + skip
             suffix  == SubSeq(sync.suffix, skip + 1, Len(sync.suffix))
             useSnap == sync.idx >= d.compacted /\ sync.snap /\ sync.idx > d.compacted
             keep    == IF Mutant = "SyncOffByOne" /\ idx1 > 0
                        THEN idx1 - 1                    \* bug: drops one entry too many
                        ELSE idx1
             newLog  == (IF useSnap THEN sync.pre ELSE Prefix(d.log, keep))
                            \o suffix \o sync.ss
             newComp == IF useSnap THEN sync.idx ELSE d.compacted
             \* A snapshot holds decided entries only: the decided index covers it.
             floor   == Max(d.decided, newComp)
             newDec  == IF Mutant = "DecidedRegress"
                        THEN Min(ldec, Len(newLog))      \* bug: decided may go down
                        ELSE Max(floor, Min(ldec, Len(newLog)))
         IN  [d EXCEPT !.accRound  = round,
                       !.log       = newLog,
                       !.compacted = newComp,
                       !.snap      = IF useSnap THEN TRUE ELSE d.snap,
                       !.decided   = newDec]

\* PaxosState.trim(idx) when it does not throw: a no-op unless it advances.
TrimTo(d, idx) ==
    LET target == Min(idx, LogDecided(d))
    IN  IF target > d.compacted
        THEN [d EXCEPT !.compacted = target, !.snap = FALSE]
        ELSE d
CanTrim(d, idx) == idx <= d.decided

\* PaxosState.snapshot(empty) when it does not throw.
SnapshotAll(d) == [d EXCEPT !.compacted = LogDecided(d), !.snap = TRUE]
CanSnapshot(d) == LogDecided(d) > d.compacted /\ (d.snap \/ d.compacted = 0)

(***************************************************************************)
(* Messages.                                                               *)
(***************************************************************************)
PrepareMsg(s, to, n, d) ==
    [type |-> "Prepare", from |-> s, to |-> to, n |-> n,
     dec |-> d.decided, nAcc |-> d.accRound, acc |-> Len(d.log)]
PrepareReqMsg(s, to, n) == [type |-> "PrepareReq", from |-> s, to |-> to, n |-> n]
NotAcceptedMsg(s, to, n) == [type |-> "NotAccepted", from |-> s, to |-> to, n |-> n]
AcceptedMsg(s, to, n, acc) == [type |-> "Accepted", from |-> s, to |-> to, n |-> n, acc |-> acc]

(***************************************************************************)
(* Volatile state of a node: role, phase, the LeaderState of its latest    *)
(* ballot, the follower's currentSeqNum, whether it holds a cachedPromise *)
(* (the Promise itself is already in the network, so resending it is a    *)
(* no-op in the model), and the proposals buffered while no leader can    *)
(* take them.                                                              *)
(*                                                                         *)
(* Volatile state the Java code keeps but never reads again is reset, so  *)
(* that TLC merges states that differ only in it: the LeaderState of a    *)
(* node that became a follower (only its ballot n is read), the promise   *)
(* meta of a peer that is no longer Promised, the max promise's LogSync   *)
(* and the leader's own decided index after the Prepare phase, and        *)
(* currentSeqNum and cachedPromise outside the follower phases that read *)
(* them.                                                                   *)
(***************************************************************************)
NoMeta == [pid |-> 0, nAcc |-> NONE, acc |-> 0, dec |-> 0]

\* new LeaderState(n, ...): every peer NotPromised, accepted indices 0.
NewLeaderState(n) ==
    [n       |-> n,
     ps      |-> [p \in Servers |-> "NotPromised"],
     meta    |-> [p \in Servers |-> NoMeta],
     lacc    |-> [p \in Servers |-> 0],
     sess    |-> [p \in Servers |-> 0],
     cnt     |-> [p \in Servers |-> 0],
     fwdTaken |-> [p \in Servers |-> SeqZero],
     max     |-> NoMeta,
     maxSync |-> NoSync,
     ownDec  |-> 0,
     ownAcc  |-> 0]

\* SequencePaxos constructor over storage holding promise p.
StartVol(p) ==
    [role |-> "Follower", phase |-> IF p = NONE THEN "None" ELSE "Recover",
     ls |-> NewLeaderState(p), curSeq |-> SeqZero, fwd |-> SeqZero, cached |-> FALSE,
     buf |-> <<>>, bufSS |-> <<>>]

InitDur == [promise |-> NONE, accRound |-> NONE, log |-> <<>>, decided |-> 0,
            compacted |-> 0, snap |-> FALSE]

VARIABLES
    dur,       \* dur[s]: durable state
    vol,       \* vol[s]: volatile state
    net,       \* the set of messages ever sent
    proposed,  \* ghost: values and stop signs proposed by clients
    crashes,   \* ghost: crashes[s] = restarts of node s so far
    jerr,      \* ghost: Java exceptions that the model saw would be thrown
    fdec,      \* fdec[s]: the decided index of s as of its last flush
    flen       \* flen[s]: the length of the log of s as of its last flush

vars == <<dur, vol, net, proposed, crashes, jerr, fdec, flen>>

Init ==
    /\ dur = [s \in Servers |-> InitDur]
    /\ vol = [s \in Servers |-> StartVol(NONE)]
    /\ net = {}
    /\ proposed = {}
    /\ crashes = [s \in Servers |-> 0]
    /\ jerr = {}
    /\ fdec = [s \in Servers |-> 0]
    /\ flen = [s \in Servers |-> 0]

Send(ms) == net' = net \cup ms

TotalCrashes ==
    LET Sum[S \in SUBSET Servers] ==
            IF S = {} THEN 0 ELSE LET x == CHOOSE x \in S : TRUE IN crashes[x] + Sum[S \ {x}]
    IN  Sum[Servers]

\* The Java handler changes nothing: a stuttering step, written as a
\* disabled action so that TLC does not generate and fingerprint it.
Skip == FALSE

\* A step that only sends messages; a stuttering step if all were sent before.
SendOnly(ms) ==
    /\ ~(ms \subseteq net)
    /\ Send(ms)
    /\ UNCHANGED <<dur, vol, proposed, crashes, jerr>>

(***************************************************************************)
(* Helpers shared by several actions.                                      *)
(***************************************************************************)
MoreUpToDate(a, b) ==
    IF Mutant = "MaxPromiseLowest"
    THEN Gt(b.nAcc, a.nAcc) \/ (a.nAcc = b.nAcc /\ a.acc < b.acc)   \* bug
    ELSE Gt(a.nAcc, b.nAcc) \/ (a.nAcc = b.nAcc /\ a.acc > b.acc)

Promised(s, l) == {p \in Peers(s) : l.ps[p] = "Promised"}

HasPrepareQuorum(s, l) == 1 + Cardinality(Promised(s, l)) >= ReadQuorum

IsChosen(s, l, idx) ==
    (IF l.ownAcc >= idx THEN 1 ELSE 0)
      + Cardinality({p \in Peers(s) : l.lacc[p] >= idx}) >= WriteQuorum

MinAcc(s, l) ==
    LET accs == {l.ownAcc} \cup {l.lacc[p] : p \in Peers(s)}
    IN  CHOOSE a \in accs : \A b \in accs : a <= b

\* LeaderState.maxPromisedDecidedIdx: the leader's own promise, the adopted
\* one and every promised peer's.
MaxPromisedDecided(s, l) ==
    LET decs == {l.ownDec, l.max.dec} \cup {l.meta[p].dec : p \in Promised(s, l)}
    IN  CHOOSE a \in decs : \A b \in decs : a >= b

\* sendAcceptSync: the position up to which follower f's log is known valid.
ValidIdx(l, f) ==
    LET m == l.meta[f]
    IN  IF m.nAcc = l.n THEN m.acc
        ELSE IF m.nAcc = l.max.nAcc THEN Min(l.max.acc, m.acc)
        ELSE m.dec

\* sendAcceptSync to every follower in P, from durable state d: returns
\* [ls |-> leader state after, msgs |-> AcceptSyncs sent].
SendAcceptSyncs(s, l, P, d) ==
    LET sync == [p \in P |-> CreateLogSync(d, ValidIdx(l, p), l.meta[p].acc)]
        ok   == {p \in P : sync[p].ok}
    IN  [ls   |-> [l EXCEPT
                    !.ps   = [p \in Servers |-> IF p \in P \ ok THEN "NotPromised" ELSE l.ps[p]],
                    !.meta = [p \in Servers |-> IF p \in P \ ok THEN NoMeta ELSE l.meta[p]],
                    !.sess = [p \in Servers |-> IF p \in ok THEN l.sess[p] + 1 ELSE l.sess[p]],
                    !.cnt  = [p \in Servers |-> IF p \in ok THEN 1 ELSE l.cnt[p]]],
         msgs |-> {[type |-> "AcceptSync", from |-> s, to |-> p, n |-> l.n,
                    seq |-> [s |-> l.sess[p] + 1, c |-> 1], dec |-> d.decided,
                    sync |-> sync[p]] : p \in ok}]

\* The next sequence number to peer p, and the leader state that took it.
NextSeq(l, p) == [s |-> l.sess[p], c |-> l.cnt[p] + 1]
TakeSeqs(l, P) == [l EXCEPT !.cnt = [p \in Servers |-> IF p \in P THEN l.cnt[p] + 1 ELSE l.cnt[p]]]

\* SequencePaxos.reconnected(from) as part of a message handler.
Reconnected(s, from) ==
    /\ vol' = IF from = dur[s].promise.pid /\ vol[s].role = "Follower"
              THEN [vol EXCEPT ![s].phase = "Recover", ![s].curSeq = SeqZero,
                               ![s].fwd = SeqZero, ![s].cached = FALSE]
              ELSE vol
    /\ Send({PrepareReqMsg(s, from, dur[s].promise)})
    /\ UNCHANGED <<dur, proposed, crashes, jerr>>

\* SequencePaxos.checkBallot(n, from) when n is not the promise.
BallotMismatch(s, m) ==
    IF Gt(dur[s].promise, m.n)
    THEN SendOnly({NotAcceptedMsg(s, m.from, dur[s].promise)})
    ELSE Reconnected(s, m.from)

\* The leader, with leader state l, appends entries (batch size 1) and
\* replicates them.
\* With EarlySend the AcceptDecides leave before the leader's write is
\* durable: the leader counts its own acceptance only at LeaderFlush.
\* Mutant "OwnAcceptEarly" counts it at once, while a crash can still lose it.
LeaderAppend(s, l, ents) ==
    LET d  == dur[s]
        d1 == [d EXCEPT !.log = @ \o ents]
        P  == Promised(s, l)
        own == IF EarlySend /\ Mutant # "OwnAcceptEarly" THEN l.ownAcc ELSE Len(d1.log)
    IN  /\ dur' = [dur EXCEPT ![s] = d1]
        /\ vol' = [vol EXCEPT ![s].ls = [TakeSeqs(l, P) EXCEPT !.ownAcc = own]]
        /\ Send({[type |-> "AcceptDecide", from |-> s, to |-> p, n |-> l.n,
                  seq |-> NextSeq(l, p), dec |-> d.decided, ents |-> ents] : p \in P})

\* SequencePaxos.forward: a ProposalForward numbered in the follower's
\* accept session.
ForwardMsg(s, d, fwd, ents) ==
    [type |-> "ProposalForward", from |-> s, to |-> d.promise.pid, n |-> d.promise,
     seq |-> fwd, ents |-> ents]

\* SequencePaxos.propose(entries): a leader in its Accept phase replicates, a
\* follower in its Accept phase forwards to its leader, any other node
\* buffers (the buffer bound is left out).
ProposeEntries(s, ents) ==
    LET v == vol[s]
        fwd == [s |-> v.fwd.s, c |-> v.fwd.c + 1]
    IN  IF v.role = "Leader" /\ v.phase = "Accept" THEN LeaderAppend(s, v.ls, ents)
        ELSE IF v.role = "Follower" /\ v.phase = "Accept"
        THEN /\ vol' = [vol EXCEPT ![s].fwd = fwd]
             /\ Send({ForwardMsg(s, dur[s], fwd, ents)})
             /\ UNCHANGED dur
        ELSE /\ vol' = [vol EXCEPT ![s].buf = @ \o ents]
             /\ UNCHANGED <<dur, net>>

\* SequencePaxos.proposeStopSign(ss).
ProposeStopSign(s, ss) ==
    LET v == vol[s]
        d == dur[s]
        l == v.ls
        leaderPid == d.promise.pid
        P == Promised(s, l)
    IN  IF v.role = "Leader" /\ v.phase = "Accept"
        THEN /\ dur' = [dur EXCEPT ![s].log = @ \o <<ss>>]
             /\ vol' = [vol EXCEPT ![s].ls = [TakeSeqs(l, P) EXCEPT !.ownAcc = Len(d.log) + 1]]
             /\ Send({[type |-> "AcceptStopSign", from |-> s, to |-> p, n |-> l.n,
                       seq |-> NextSeq(l, p), ss |-> ss] : p \in P})
        ELSE IF \/ v.role = "Leader" /\ v.phase = "Prepare"
                \/ leaderPid = 0
                \/ leaderPid = s
        THEN /\ vol' = [vol EXCEPT ![s].bufSS = <<ss>>]
             /\ UNCHANGED <<dur, net>>
        ELSE /\ Send({[type |-> "ForwardStopSign", from |-> s, to |-> leaderPid, ss |-> ss]})
             /\ UNCHANGED <<dur, vol>>

(***************************************************************************)
(* Leader election: BLE hands ballot b to handleLeader.                    *)
(***************************************************************************)
BecomeLeader(s, r) ==
    LET b == [n |-> r, pid |-> s]
        d == dur[s]
        own == [pid |-> s, nAcc |-> d.accRound, acc |-> Len(d.log), dec |-> d.decided]
    IN  /\ <<r, s>> \in Ballots
        /\ Gt(b, vol[s].ls.n)
        /\ Gt(b, d.promise)
        /\ dur' = [dur EXCEPT ![s].promise = b]
        /\ vol' = [vol EXCEPT ![s].ls = [NewLeaderState(b) EXCEPT !.max = own, !.ownDec = d.decided],
                              ![s].role = "Leader", ![s].phase = "Prepare",
                              ![s].curSeq = SeqZero, ![s].fwd = SeqZero, ![s].cached = FALSE]
        /\ Send({PrepareMsg(s, p, b, d) : p \in Peers(s)})
        /\ UNCHANGED <<proposed, crashes, jerr>>

(***************************************************************************)
(* Message handlers: SequencePaxos.handle(m) for each message type.        *)
(***************************************************************************)
HandlePrepare(s, m) ==
    LET d == dur[s]
        v == vol[s]
        newer == Gt(m.n, d.promise)
        rePrepare == m.n = d.promise /\ v.role = "Follower"
        sync == IF Gt(d.accRound, m.nAcc) THEN CreateLogSync(d, m.dec, m.acc)
                ELSE IF d.accRound = m.nAcc /\ Len(d.log) > m.acc
                     THEN CreateLogSync(d, m.acc, m.acc)
                ELSE NoSync
        prom == [type |-> "Promise", from |-> s, to |-> m.from, n |-> m.n,
                 nAcc |-> d.accRound, dec |-> d.decided, acc |-> Len(d.log), sync |-> sync]
    IN  IF ~newer /\ ~rePrepare
        THEN IF Gt(d.promise, m.n)
             THEN SendOnly({NotAcceptedMsg(s, m.from, d.promise)})
             ELSE Skip
        ELSE /\ dur' = [dur EXCEPT ![s].promise = m.n]
             /\ vol' = [vol EXCEPT ![s].role = "Follower", ![s].phase = "Prepare",
                                   ![s].curSeq = SeqZero, ![s].fwd = SeqZero, ![s].cached = TRUE,
                                   ![s].ls = NewLeaderState(v.ls.n)]
             /\ Send({prom})
             /\ UNCHANGED <<proposed, crashes, jerr>>

\* The Prepare phase is over: adopt the most up-to-date log, append what
\* waited, synchronise every promised follower.
OnPrepareQuorum(s, l) ==
    LET d    == dur[s]
        v    == vol[s]
        sync == IF l.max.pid = s THEN NoSync ELSE l.maxSync
    IN  IF l.max.pid # s /\ (~sync.ok \/ ~CanApply(d, l.n, sync))
        THEN /\ vol' = [vol EXCEPT ![s].ls = l]
             /\ UNCHANGED <<dur, net, proposed, crashes, jerr>>
        ELSE IF SyncLogFails(d, sync)
        THEN /\ jerr' = jerr \cup {<<"syncLog", s>>}
             /\ UNCHANGED <<dur, vol, net, proposed, crashes>>
        ELSE
        LET d1 == SyncLog(d, l.n, MaxPromisedDecided(s, l), sync)
            keep == ~HasSS(d1.log) \/ Mutant = "AppendAfterStopSign"
            d2 == IF keep THEN [d1 EXCEPT !.log = @ \o v.buf \o v.bufSS] ELSE d1
            l1 == [l EXCEPT !.ownAcc = Len(d2.log), !.maxSync = NoSync, !.ownDec = 0]
            out == SendAcceptSyncs(s, l1, Promised(s, l1), d2)
        IN  /\ dur' = [dur EXCEPT ![s] = d2]
            /\ vol' = [vol EXCEPT ![s].ls = out.ls, ![s].phase = "Accept",
                                  ![s].buf = <<>>, ![s].bufSS = <<>>]
            /\ Send(out.msgs)
            /\ UNCHANGED <<proposed, crashes, jerr>>

HandlePromise(s, m) ==
    LET v == vol[s]
        l == v.ls
        meta == [pid |-> m.from, nAcc |-> m.nAcc, acc |-> m.acc, dec |-> m.dec]
    IN  IF v.role # "Leader" \/ m.n # l.n THEN Skip
        ELSE IF v.phase = "Prepare"
        THEN LET up == MoreUpToDate(meta, l.max)
                 l1 == [l EXCEPT !.ps[m.from] = "Promised", !.meta[m.from] = meta,
                                 !.max = IF up THEN meta ELSE @,
                                 !.maxSync = IF up THEN m.sync ELSE @]
             IN  IF HasPrepareQuorum(s, l1) THEN OnPrepareQuorum(s, l1)
                 ELSE /\ vol' = [vol EXCEPT ![s].ls = l1]
                      /\ UNCHANGED <<dur, net, proposed, crashes, jerr>>
        ELSE IF v.phase = "Accept"
        THEN LET l1 == [l EXCEPT !.ps[m.from] = "Promised", !.meta[m.from] = meta]
                 out == SendAcceptSyncs(s, l1, {m.from}, dur[s])
             IN  /\ vol' = [vol EXCEPT ![s].ls = out.ls]
                 /\ Send(out.msgs)
                 /\ UNCHANGED <<dur, proposed, crashes, jerr>>
        ELSE Skip

HandleAcceptSync(s, m) ==
    LET d == dur[s]
        v == vol[s]
    IN  IF m.n # d.promise THEN BallotMismatch(s, m)
        ELSE IF v.role # "Follower" \/ v.phase # "Prepare" \/ ~CanApply(d, m.n, m.sync)
        THEN Skip
        ELSE IF SyncLogFails(d, m.sync)
        THEN /\ jerr' = jerr \cup {<<"syncLog", s>>}
             /\ UNCHANGED <<dur, vol, net, proposed, crashes>>
        ELSE
        LET d1 == SyncLog(d, m.n, m.dec, m.sync)
            ss == HasSS(d1.log)
            fwdBuf == ~ss /\ v.buf # <<>>
            seq1 == [s |-> m.seq.s, c |-> 1]
            fwd == IF fwdBuf THEN {ForwardMsg(s, d1, seq1, v.buf)} ELSE {}
            fwdSS == IF ss \/ v.bufSS = <<>> THEN {}
                     ELSE {[type |-> "ForwardStopSign", from |-> s, to |-> m.from, ss |-> v.bufSS[1]]}
        IN  /\ dur' = [dur EXCEPT ![s] = d1]
            /\ vol' = [vol EXCEPT ![s].cached = FALSE, ![s].phase = "Accept",
                                  ![s].curSeq = m.seq, ![s].buf = <<>>, ![s].bufSS = <<>>,
                                  ![s].fwd = IF fwdBuf THEN seq1 ELSE [s |-> m.seq.s, c |-> 0]]
            /\ Send({AcceptedMsg(s, m.from, m.n, Len(d1.log))} \cup fwd \cup fwdSS)
            /\ UNCHANGED <<proposed, crashes, jerr>>

\* Accept-phase messages from the leader (AcceptDecide, Decide,
\* AcceptStopSign): ballot, role, phase and sequence-number checks, then
\* Body with the follower's state after taking the sequence number.
FollowerAccept(s, m, Body(_)) ==
    LET d == dur[s]
        v == vol[s]
    IN  IF m.n # d.promise THEN BallotMismatch(s, m)
        ELSE IF v.role # "Follower" \/ v.phase # "Accept" THEN Skip
        ELSE IF m.seq.s = v.curSeq.s /\ m.seq.c = v.curSeq.c + 1
        THEN Body([vol EXCEPT ![s].curSeq = m.seq])
        ELSE IF SeqGt(m.seq, v.curSeq) THEN Reconnected(s, m.from)
        ELSE Skip

\* SequencePaxos.applyDecided: raises the decided index, never past the log.
ApplyDecided(d, dec) == [d EXCEPT !.decided = Max(@, Min(dec, Len(d.log)))]

AcceptDecideBody(s, m, vol1) ==
    LET d == dur[s]
        d1 == [d EXCEPT !.log = @ \o m.ents]
    IN  IF HasSS(d.log)
        THEN /\ vol' = vol1
             /\ UNCHANGED <<dur, net, proposed, crashes, jerr>>
        ELSE /\ dur' = [dur EXCEPT ![s] = ApplyDecided(d1, m.dec)]
             /\ vol' = vol1
             /\ IF m.ents # <<>> THEN Send({AcceptedMsg(s, m.from, m.n, Len(d1.log))})
                ELSE UNCHANGED net
             /\ UNCHANGED <<proposed, crashes, jerr>>

HandleAcceptDecide(s, m) == FollowerAccept(s, m, LAMBDA v1 : AcceptDecideBody(s, m, v1))

DecideBody(s, m, vol1) ==
    /\ dur' = [dur EXCEPT ![s] = ApplyDecided(@, m.dec)]
    /\ vol' = vol1
    /\ UNCHANGED <<net, proposed, crashes, jerr>>

HandleDecide(s, m) == FollowerAccept(s, m, LAMBDA v1 : DecideBody(s, m, v1))

AcceptStopSignBody(s, m, vol1) ==
    LET d1 == IF HasSS(dur[s].log) THEN dur[s] ELSE [dur[s] EXCEPT !.log = @ \o <<m.ss>>]
    IN  /\ dur' = [dur EXCEPT ![s] = d1]
        /\ vol' = vol1
        /\ Send({AcceptedMsg(s, m.from, m.n, Len(d1.log))})
        /\ UNCHANGED <<proposed, crashes, jerr>>

HandleAcceptStopSign(s, m) == FollowerAccept(s, m, LAMBDA v1 : AcceptStopSignBody(s, m, v1))

HandleAccepted(s, m) ==
    LET d == dur[s]
        v == vol[s]
        l == v.ls
        l1 == [l EXCEPT !.lacc[m.from] = Max(@, m.acc)]
        idx == m.acc
        P == Promised(s, l1)
    IN  IF v.role # "Leader" \/ v.phase # "Accept" \/ m.n # l.n THEN Skip
        ELSE IF idx > d.decided /\ idx <= Len(d.log) /\ IsChosen(s, l1, idx)
        THEN /\ dur' = [dur EXCEPT ![s].decided = idx]
             /\ vol' = [vol EXCEPT ![s].ls = TakeSeqs(l1, P)]
             /\ Send({[type |-> "Decide", from |-> s, to |-> p, n |-> l.n,
                       seq |-> NextSeq(l1, p), dec |-> idx] : p \in P})
             /\ UNCHANGED <<proposed, crashes, jerr>>
        ELSE /\ vol' = [vol EXCEPT ![s].ls = l1]
             /\ UNCHANGED <<dur, net, proposed, crashes, jerr>>

HandleNotAccepted(s, m) ==
    IF vol[s].role = "Leader" /\ Gt(m.n, vol[s].ls.n)
    THEN /\ vol' = [vol EXCEPT ![s].ls.ps[m.from] = "PromisedHigher",
                               ![s].ls.meta[m.from] = NoMeta]
         /\ UNCHANGED <<dur, net, proposed, crashes, jerr>>
    ELSE Skip

\* A PrepareReq below the leader's ballot from a peer that promised it is
\* stale and ignored; in the Prepare phase a promised peer keeps its status
\* and only gets the Prepare again (the core's fix of commit 08400b7).
HandlePrepareReq(s, m) ==
    LET l == vol[s].ls
        promised == l.ps[m.from] = "Promised"
    IN  IF vol[s].role # "Leader" \/ Gt(m.n, l.n) THEN Skip
        ELSE IF promised /\ Gt(l.n, m.n) THEN Skip
        ELSE IF promised /\ vol[s].phase = "Prepare"
        THEN SendOnly({PrepareMsg(s, m.from, l.n, dur[s])})
        ELSE /\ vol' = [vol EXCEPT ![s].ls.ps[m.from] = "NotPromised",
                                   ![s].ls.meta[m.from] = NoMeta]
             /\ Send({PrepareMsg(s, m.from, l.n, dur[s])})
             /\ UNCHANGED <<dur, proposed, crashes, jerr>>

\* The leader of the forward's ballot takes it once (forwards are numbered
\* per accept session); anything else drops it.
HandleProposalForward(s, m) ==
    LET v == vol[s]
        l1 == [v.ls EXCEPT !.fwdTaken[m.from] = m.seq]
    IN  IF \/ HasSS(dur[s].log)
           \/ v.role # "Leader" \/ m.n # v.ls.n
           \/ ~SeqGt(m.seq, v.ls.fwdTaken[m.from])
        THEN Skip
        ELSE IF v.phase = "Accept"
        THEN /\ LeaderAppend(s, l1, m.ents)
             /\ UNCHANGED <<proposed, crashes, jerr>>
        ELSE /\ vol' = [vol EXCEPT ![s].ls = l1, ![s].buf = @ \o m.ents]
             /\ UNCHANGED <<dur, net, proposed, crashes, jerr>>

HandleForwardStopSign(s, m) ==
    IF HasSS(dur[s].log) \/ vol[s].bufSS # <<>> THEN Skip
    ELSE /\ ProposeStopSign(s, m.ss)
         /\ UNCHANGED <<proposed, crashes, jerr>>

HandleCompaction(s, m) ==
    LET d == dur[s]
        d1 == IF m.type = "Trim"
              THEN IF CanTrim(d, m.idx) THEN TrimTo(d, m.idx) ELSE d
              ELSE IF CanSnapshot(d) THEN SnapshotAll(d) ELSE d
    IN  /\ dur' = [dur EXCEPT ![s] = d1]
        /\ UNCHANGED <<vol, net, proposed, crashes, jerr>>

\* The network delivers message m to its receiver.
Receive(m) ==
    LET s == m.to
    IN  CASE m.type = "AcceptDecide"    -> HandleAcceptDecide(s, m)
          [] m.type = "Accepted"        -> HandleAccepted(s, m)
          [] m.type = "Decide"          -> HandleDecide(s, m)
          [] m.type = "Prepare"         -> HandlePrepare(s, m)
          [] m.type = "Promise"         -> HandlePromise(s, m)
          [] m.type = "AcceptSync"      -> HandleAcceptSync(s, m)
          [] m.type = "AcceptStopSign"  -> HandleAcceptStopSign(s, m)
          [] m.type = "NotAccepted"     -> HandleNotAccepted(s, m)
          [] m.type = "PrepareReq"      -> HandlePrepareReq(s, m)
          [] m.type = "ProposalForward" -> HandleProposalForward(s, m)
          [] m.type = "ForwardStopSign" -> HandleForwardStopSign(s, m)
          [] m.type \in {"Trim", "Snapshot"} -> HandleCompaction(s, m)

(***************************************************************************)
(* User operations.                                                        *)
(***************************************************************************)
\* OmniPaxos.append(v): rejected once a stop sign is stored.
Propose(s, v) ==
    /\ v \notin proposed
    /\ ~HasSS(dur[s].log)
    /\ proposed' = proposed \cup {v}
    /\ ProposeEntries(s, <<v>>)
    /\ UNCHANGED <<crashes, jerr>>

\* OmniPaxos.reconfigure(next): rejected if a stop sign is stored or buffered.
Reconfigure(s, ss) ==
    /\ ss \notin proposed
    /\ ~HasSS(dur[s].log)
    /\ vol[s].bufSS = <<>>
    /\ proposed' = proposed \cup {ss}
    /\ ProposeStopSign(s, ss)
    /\ UNCHANGED <<crashes, jerr>>

\* OmniPaxos.trim(empty) at the leader: trims as far as every node accepted.
\* (An explicit smaller index only compacts less; the model leaves it out.)
Trim(s) ==
    LET d == dur[s]
        idx == MinAcc(s, vol[s].ls)
        ms == {[type |-> "Trim", from |-> s, to |-> p, idx |-> idx] : p \in Peers(s)}
    IN  /\ Compaction
        /\ vol[s].role = "Leader" /\ vol[s].phase = "Accept"
        /\ CanTrim(d, idx)
        /\ TrimTo(d, idx) # d \/ ~(ms \subseteq net)
        /\ dur' = [dur EXCEPT ![s] = TrimTo(d, idx)]
        /\ Send(ms)
        /\ UNCHANGED <<vol, proposed, crashes, jerr>>

\* OmniPaxos.snapshot(empty, false) at any node: snapshots all decided
\* entries and asks every peer to do the same.  (localOnly = true only
\* sends less, which message loss covers.)
\* With nothing new to compact the node only sends the requests.
Snapshot(s) ==
    LET d == dur[s]
        ms == {[type |-> "Snapshot", from |-> s, to |-> p] : p \in Peers(s)}
    IN  /\ Compaction
        /\ CanSnapshot(d) \/ (LogDecided(d) = d.compacted /\ ~(ms \subseteq net))
        /\ dur' = [dur EXCEPT ![s] = IF CanSnapshot(d) THEN SnapshotAll(d) ELSE d]
        /\ Send(ms)
    /\ UNCHANGED <<vol, proposed, crashes, jerr>>

\* OmniPaxos.reconnected(p): the link to p came back.
UserReconnected(s, p) ==
    /\ Reconnect
    /\ Reconnected(s, p)

(***************************************************************************)
(* Timeouts and crashes.                                                   *)
(***************************************************************************)
\* SequencePaxos.resendTimeout.  A leader re-prepares peers that have not
\* promised, and some lagging promised peers (Java: those whose accepted
\* index made no progress since the previous timeout; the model may pick
\* any subset of the lagging ones), and, once something is decided, sends
\* every caught-up peer a Decide with a fresh sequence number.
ResendTimeout(s) ==
    LET d == dur[s]
        v == vol[s]
        l == v.ls
    IN  IF v.role = "Leader"
        THEN LET NP == {p \in Peers(s) : l.ps[p] = "NotPromised"}
                 PR == IF v.phase = "Accept" THEN Promised(s, l) ELSE {}
                 Lag == {p \in PR : l.lacc[p] < Len(d.log)}
                 Up == {p \in PR \ Lag : d.decided > 0}
             IN  \E R \in SUBSET Lag :
                   LET l1 == [TakeSeqs(l, Up) EXCEPT
                               !.ps = [p \in Servers |-> IF p \in R THEN "NotPromised" ELSE l.ps[p]],
                               !.meta = [p \in Servers |-> IF p \in R THEN NoMeta ELSE l.meta[p]]]
                       ms == {PrepareMsg(s, p, l.n, d) : p \in NP \cup R}
                             \cup {[type |-> "Decide", from |-> s, to |-> p, n |-> l.n,
                                    seq |-> NextSeq(l, p), dec |-> d.decided] : p \in Up}
                   IN  /\ l1 # l \/ ~(ms \subseteq net)
                       /\ vol' = [vol EXCEPT ![s].ls = l1]
                       /\ Send(ms)
                       /\ UNCHANGED <<dur, proposed, crashes, jerr>>
        ELSE IF v.phase = "Prepare" /\ v.cached
        THEN Skip   \* resends the cached Promise, which is in the network already
        ELSE IF v.phase = "Prepare"
        THEN /\ vol' = [vol EXCEPT ![s].phase = "Recover", ![s].curSeq = SeqZero,
                                   ![s].cached = FALSE]
             /\ Send({PrepareReqMsg(s, p, d.promise) : p \in Peers(s)})
             /\ UNCHANGED <<dur, proposed, crashes, jerr>>
        ELSE IF v.phase = "Recover"
        THEN SendOnly({PrepareReqMsg(s, p, d.promise) : p \in Peers(s)})
        ELSE Skip

\* The node crashes and is re-created on its storage: volatile state is
\* lost, a node that had promised something starts in Recover and asks its
\* peers to prepare it again.  (Before any promise a restart only loses
\* buffered proposals.)
Restart(s) ==
    LET p == dur[s].promise
    IN  /\ TotalCrashes < MaxCrashes
        /\ p # NONE \/ vol[s] # StartVol(NONE)
        /\ crashes' = [crashes EXCEPT ![s] = @ + 1]
        /\ vol' = [vol EXCEPT ![s] = StartVol(p)]
        \* A crash keeps a prefix of the writes: of an unflushed log suffix,
        \* some prefix; the decided index (written after it) at most the kept log.
        /\ \E len \in flen[s]..Len(dur[s].log) :
             \E k \in fdec[s]..Min(dur[s].decided, len) :
               dur' = [dur EXCEPT ![s].log = Prefix(@, len), ![s].decided = k]
        /\ Send(IF p = NONE THEN {} ELSE {PrepareReqMsg(s, q, p) : q \in Peers(s)})
        /\ UNCHANGED <<proposed, jerr>>

(***************************************************************************)
(* Flushes.  The core leaves a write of only the decided index unflushed   *)
(* until a write that must be durable before messages leave (anything     *)
(* else, or deciding the stop sign) makes the storage flush: fdec is the   *)
(* decided index as of that flush, and a restart may lose the decided      *)
(* index back to any value from it on (the storage may also sync earlier). *)
(***************************************************************************)
NeedsFlush(a, b) ==
    \/ a.promise # b.promise \/ a.accRound # b.accRound \/ a.log # b.log
    \/ a.compacted # b.compacted \/ a.snap # b.snap
    \/ SSDecided(b) /\ ~SSDecided(a)

(***************************************************************************)
(* Early replication (EarlySend).  A leader in its Accept phase that       *)
(* appends proposals sends its AcceptDecides before its storage flush      *)
(* (OmniPaxos.messagesBeforeFlush): the appended suffix is in its log but  *)
(* not durable (flen[s] < Len(log)) until LeaderFlush.  Meanwhile the      *)
(* leader may only handle Accepted messages and further proposals (steps  *)
(* that need no flush of their own), flush, or crash; a crash keeps only   *)
(* a prefix of the unflushed suffix.                                       *)
(***************************************************************************)
Pending(s) == flen[s] < Len(dur[s].log)

\* The step appended entries at s as a leader in Accept (stop signs and the
\* appends of OnPrepareQuorum are flushed before their messages leave).
EarlyAppend(s) ==
    /\ EarlySend
    /\ vol[s].role = "Leader" /\ vol[s].phase = "Accept"
    /\ vol'[s].role = "Leader" /\ vol'[s].phase = "Accept"
    /\ crashes'[s] = crashes[s]
    /\ Len(dur'[s].log) > Len(dur[s].log)
    /\ ~HasSS(dur'[s].log)

\* What s may do while its log write is pending, besides LeaderFlush.
PendingOk(s, A) == ~Pending(s) \/ A

\* The largest index a write quorum (the leader's own count included) accepted.
ChosenIdx(s, l) ==
    LET ok == {i \in 0..Len(dur[s].log) : IsChosen(s, l, i)}
    IN  CHOOSE i \in ok : \A j \in ok : j <= i

\* SequencePaxos.storageFlushed after the flush: the leader counts its own
\* log and decides what a write quorum accepted.  The flush makes the log
\* and the decided index so far durable; the new decided index is written
\* lazily again.
LeaderFlush(s) ==
    LET d == dur[s]
        l == vol[s].ls
        l1 == [l EXCEPT !.ownAcc = Len(d.log)]
        chosen == ChosenIdx(s, l1)
        P == Promised(s, l1)
    IN  /\ Pending(s)
        /\ flen' = [flen EXCEPT ![s] = Len(d.log)]
        /\ fdec' = [fdec EXCEPT ![s] = d.decided]
        /\ IF chosen > d.decided
           THEN /\ dur' = [dur EXCEPT ![s].decided = chosen]
                /\ vol' = [vol EXCEPT ![s].ls = TakeSeqs(l1, P)]
                /\ Send({[type |-> "Decide", from |-> s, to |-> p, n |-> l.n,
                          seq |-> NextSeq(l1, p), dec |-> chosen] : p \in P})
           ELSE /\ vol' = [vol EXCEPT ![s].ls = l1]
                /\ UNCHANGED <<dur, net>>
        /\ UNCHANGED <<proposed, crashes, jerr>>

\* Every other step is flushed at its end, except the early appends and
\* the steps of a leader whose write is pending (a restart makes what
\* survived durable).
FlushUpdate ==
    /\ flen' = [s \in Servers |->
                  IF (EarlyAppend(s) \/ Pending(s)) /\ crashes'[s] = crashes[s]
                  THEN flen[s] ELSE Len(dur'[s].log)]
    /\ fdec' = [s \in Servers |->
                  IF flen'[s] < Len(dur'[s].log) THEN fdec[s]
                  ELSE IF NeedsFlush(dur[s], dur'[s]) THEN dur'[s].decided
                  ELSE Min(fdec[s], dur'[s].decided)]

Act ==
    \/ \E m \in net : PendingOk(m.to, m.type \in {"Accepted", "ProposalForward"}) /\ Receive(m)
    \/ \E s \in Servers :
          \/ s \in Proposers /\ \E v \in Values : Propose(s, v)
          \/ Restart(s)
          \/ ~Pending(s) /\
             \/ \E r \in {b[1] : b \in Ballots} : BecomeLeader(s, r)
             \/ s \in Proposers /\ \E ss \in StopSigns : Reconfigure(s, ss)
             \/ Trim(s)
             \/ Snapshot(s)
             \/ \E p \in Peers(s) : UserReconnected(s, p)
             \/ Resend /\ ResendTimeout(s)

Next == (Act /\ FlushUpdate) \/ \E s \in Servers : LeaderFlush(s)

Spec == Init /\ [][Next]_vars

(***************************************************************************)
(* Properties.                                                             *)
(***************************************************************************)
IsPrefix(a, b) == Len(a) <= Len(b) /\ a = SubSeq(b, 1, Len(a))

\* Agreement: decided prefixes of any two nodes are prefixes of each other.
Agreement ==
    \A s, t \in Servers :
        IsPrefix(DecidedPrefix(dur[s]), DecidedPrefix(dur[t]))
        \/ IsPrefix(DecidedPrefix(dur[t]), DecidedPrefix(dur[s]))

\* Validity: every decided position holds a proposed value or stop sign.
Validity ==
    \A s \in Servers :
        /\ dur[s].decided <= Len(dur[s].log)
        /\ \A i \in 1..dur[s].decided : dur[s].log[i] \in proposed

\* Nothing after a stop sign in any log, and all decided stop signs are the
\* same one at the same position.
StopSignSafety ==
    /\ \A s \in Servers : \A i \in 1..Len(dur[s].log) :
           IsSS(dur[s].log[i]) => i = Len(dur[s].log)
    /\ \A s, t \in Servers :
           SSDecided(dur[s]) /\ SSDecided(dur[t]) => dur[s].log = dur[t].log

\* PaxosState.checkInvariants: compacted <= logDecided <= decided <= accepted.
LocalInvariant ==
    \A s \in Servers :
        /\ dur[s].compacted <= LogDecided(dur[s])
        /\ dur[s].decided <= Len(dur[s].log)

\* The model never reached a state in which the Java code would throw.
NoJavaException == jerr = {}

\* Integrity: a node's decided prefix only grows, except that a restart may
\* lose its unflushed end (the prefix is then a prefix of the old one).
Integrity ==
    [][\A s \in Servers :
         \/ IsPrefix(DecidedPrefix(dur[s]), DecidedPrefix(dur'[s]))
         \/ crashes'[s] # crashes[s] /\ IsPrefix(DecidedPrefix(dur'[s]), DecidedPrefix(dur[s]))]_vars

\* The decided index of a node never decreases
\* (except at a restart), and its flushed decided index never decreases.
DecidedMonotonic ==
    [][\A s \in Servers :
         /\ fdec'[s] >= fdec[s]
         /\ crashes'[s] = crashes[s] => dur'[s].decided >= dur[s].decided]_vars

(***************************************************************************)
(* Bounds for model checking.                                              *)
(***************************************************************************)
ValueSymmetry == Permutations(Values)

StateConstraint ==
    /\ TLCGet("level") < MaxDepth
    /\ \A s \in Servers :
           /\ Len(dur[s].log) <= MaxLogLen
           /\ \A p \in Servers : vol[s].ls.sess[p] <= MaxSession
=============================================================================
