/**
 * Transcript tests of the protocol: {@code src/test/resources/testdata/*.txt} files, each a list of
 * commands and the output they must produce (the messages sent, one line each as {@link
 * omnipaxos.core.Describe} prints them, and the nodes' state), read by the reviewer as a message
 * exchange without opening Java.
 *
 * <p>Entry type: {@link omnipaxos.core.transcript.TranscriptTest}, which runs every file through a
 * {@link omnipaxos.core.transcript.TranscriptCluster} (the verbs are listed there) and, with {@code
 * -Dtranscripts.rewrite=true}, writes the actual output back into the files for review in the diff.
 * Deterministic: no time, no randomness; single-threaded.
 */
package omnipaxos.core.transcript;
