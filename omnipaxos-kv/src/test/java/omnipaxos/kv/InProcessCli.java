package omnipaxos.kv;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code omnipaxos-kv} command line in this JVM, as an operator would run it in a shell. */
final class InProcessCli {

  private InProcessCli() {}

  /** Runs {@code omnipaxos-kv args}; returns its exit code, its output and its error output. */
  static synchronized String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = KvCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    int exit;
    try {
      exit = cl.execute(args);
    } finally {
      System.setOut(stdout);
    }
    return new String[] {Integer.toString(exit), captured + out.toString(), err.toString()};
  }
}
