package omnipaxos.kv.command.server;

import static omnipaxos.kv.command.KeyPositions.NONE;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Flag;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.ServerCommand;
import omnipaxos.kv.command.Session;

/** INFO, CONFIG and the OMNIPAXOS administrative commands. */
public final class ServerCommands {

  private ServerCommands() {}

  /** Registers the family. */
  public static void register(CommandTable.Builder b) {
    b.add("info", -1, EnumSet.of(Flag.ADMIN), NONE, "The node and cluster state.",
        (ServerCommand) (e, s, a) -> info(e));
    b.add("omnipaxos", -1, EnumSet.of(Flag.ADMIN), NONE, "Ours: INFO, backups, membership"
        + " and fault injection for tests.", (ServerCommand) ServerCommands::omnipaxos);
    b.local("config", -2, EnumSet.of(Flag.ADMIN), NONE, "Answers no parameters.",
        (s, a) -> new Reply.Arr(List.of()));
  }

  private static CompletableFuture<Reply> info(KvExecutor executor) {
    return executor.clusterInfo().thenApply(
        i -> new Reply.Bulk(i.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static CompletableFuture<Reply> omnipaxos(KvExecutor executor, Session s, Args a) {
    if (a.size() == 1 || a.upper(1).equals("INFO")) {
      return info(executor);
    }
    List<String> rest = a.keysFrom(1);
    return executor.admin(rest).thenApply(r -> r instanceof KvExecutor.AdminReply.Status st
        ? new Reply.Simple(st.text()) : new Reply.Bulk(((KvExecutor.AdminReply.Data) r).bytes()));
  }
}
