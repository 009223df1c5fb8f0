-------------------------------- MODULE MC --------------------------------
(***************************************************************************)
(* The module TLC checks: the specification plus the definitions that the *)
(* configurations in cfg/ refer to (a cfg file cannot write tuples).      *)
(***************************************************************************)
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


(***************************************************************************)
(* Vacuity checks: each of these invariants must be violated, which shows *)
(* that the configurations reach the behaviour named.                      *)
(***************************************************************************)
\* Some node decides an entry.
NeverDecides == \A s \in Servers : dur[s].decided = 0
\* A node that adopted a round-2 log has a decided entry.
NeverDecidesAfterLeaderChange == \A s \in Servers : dur[s].accRound.n >= 2 => dur[s].decided = 0
\* A stop sign is decided.
NeverStopSignDecided == \A s \in Servers : ~SSDecided(dur[s])
\* A follower holds a compacted log.
NeverFollowerCompacted ==
    \A s \in Servers : vol[s].role = "Follower" => dur[s].compacted = 0
\* A node that restarted is an accepting follower again.
NeverRecovers ==
    \A s \in Servers : crashes[s] > 0 => ~(vol[s].role = "Follower" /\ vol[s].phase = "Accept")

=============================================================================
