-------------------------------- MODULE MC --------------------------------
(* Definitions that the model-checking configurations (the cfg files) refer to,   *)
(* because a cfg file cannot write tuples.                                 *)
EXTENDS OmniPaxos

\* Node 1 leads round 1, node 2 round 2.
TwoLeaders == {<<1, 1>>, <<2, 2>>}
\* Nodes 1 and 2 lead round 1, node 3 round 2.
ThreeLeaders == {<<1, 1>>, <<1, 2>>, <<2, 3>>}
\* Nodes 1 and 3 lead round 1.
OneAndThree == {<<1, 1>>, <<1, 3>>}
\* Every node may lead rounds 1 and 2.
AnyLeaderTwoRounds == {<<r, p>> : r \in 1..2, p \in Servers}
\* Every node may lead rounds 1 to 3.
AnyLeaderThreeRounds == {<<r, p>> : r \in 1..3, p \in Servers}


\* A compact view of a state for counterexample traces (cfg: ALIAS View).
NodeView(s) ==
    [role |-> vol[s].role, phase |-> vol[s].phase,
     promise |-> <<dur[s].promise.n, dur[s].promise.pid>>,
     accRound |-> <<dur[s].accRound.n, dur[s].accRound.pid>>,
     log |-> dur[s].log, decided |-> dur[s].decided,
     compacted |-> dur[s].compacted, snap |-> dur[s].snap,
     curSeq |-> <<vol[s].curSeq.s, vol[s].curSeq.c>>,
     leader |-> IF vol[s].role = "Leader"
                THEN [ps |-> vol[s].ls.ps, lacc |-> vol[s].ls.lacc, ownAcc |-> vol[s].ls.ownAcc]
                ELSE "-"]

View ==
    [nodes |-> [s \in Servers |-> NodeView(s)],
     sent |-> net' \ net,
     proposed |-> proposed, crashes |-> crashes, jerr |-> jerr]
=============================================================================
