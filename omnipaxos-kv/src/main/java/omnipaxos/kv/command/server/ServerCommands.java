package omnipaxos.kv.command.server;

import static omnipaxos.kv.command.KeyPositions.NONE;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import omnipaxos.kv.KvExecutor;
import omnipaxos.kv.command.Args;
import omnipaxos.kv.command.CommandError;
import omnipaxos.kv.command.CommandTable;
import omnipaxos.kv.command.Errors;
import omnipaxos.kv.command.Flag;
import omnipaxos.kv.command.Reply;
import omnipaxos.kv.command.ServerCommand;
import omnipaxos.kv.command.Session;

/**
 * INFO, CONFIG, TIME, WAIT, SAVE, BGSAVE, LASTSAVE and the OMNIPAXOS administrative commands. SAVE
 * and BGSAVE compact the applied state into a snapshot of the log; WAIT answers how many other
 * servers are sure to hold the connection's acknowledged writes (a write is acknowledged once a
 * majority holds it), at once.
 */
public final class ServerCommands {

  private static final Set<Flag> ADMIN = EnumSet.of(Flag.ADMIN);

  private ServerCommands() {}

  /** Registers the family. */
  public static void register(CommandTable.Builder b) {
    b.add("info", -1, ADMIN, NONE, "Redis's sections and ours (OmniPaxos, Cluster).",
        (ServerCommand) ServerInfo::info);
    b.add("omnipaxos", -1, ADMIN, NONE, "Ours: INFO, backups, membership"
        + " and fault injection for tests.", (ServerCommand) ServerCommands::omnipaxos);
    b.local("config", -2, ADMIN, NONE, "GET and SET of the parameters clients use.",
        ServerCommands::config);
    b.local("module", -2, ADMIN, NONE,
        "LIST: none loaded (an empty list); LOAD, LOADEX and UNLOAD are not supported.",
        Modules::module);
    b.local("time", 1, EnumSet.of(Flag.LOCAL), NONE, "The server's clock.", (s, a) -> {
      java.time.Instant now = java.time.Instant.now();
      return new Reply.Arr(List.of(Reply.bulk(Long.toString(now.getEpochSecond())),
          Reply.bulk(Long.toString(now.getNano() / 1000))));
    });
    b.add("wait", 3, EnumSet.of(Flag.LOCAL), NONE, "How many other servers hold the writes.",
        (ServerCommand) ServerCommands::waitFor);
    b.add("save", 1, ADMIN, NONE, "Compacts the log into a snapshot now.",
        (ServerCommand) (e, s, a) -> e.save().thenApply(v -> Reply.OK));
    b.add("bgsave", -1, ADMIN, NONE, "Compacts the log into a snapshot in the background.",
        (ServerCommand) ServerCommands::bgsave);
    b.add("lastsave", 1, ADMIN, NONE, "When the last snapshot was taken (s since the epoch).",
        (ServerCommand) (e, s, a) -> done(new Reply.Int(e.lastSaveSeconds() >= 0
            ? e.lastSaveSeconds() : s.server().startMs() / 1000)));
  }

  private static CompletableFuture<Reply> done(Reply r) {
    return CompletableFuture.completedFuture(r);
  }

  private static CompletableFuture<Reply> waitFor(KvExecutor e, Session s, Args a) {
    a.integer(1);
    if (a.integer(2, Errors.TIMEOUT_NOT_INTEGER) < 0) {
      throw new CommandError(Errors.TIMEOUT_NEGATIVE);
    }
    return done(new Reply.Int(e.replicasHolding()));
  }

  private static CompletableFuture<Reply> bgsave(KvExecutor e, Session s, Args a) {
    if (a.size() > 2 || (a.size() == 2 && !a.upper(1).equals("SCHEDULE"))) {
      throw new CommandError(Errors.SYNTAX);
    }
    e.save();
    return done(new Reply.Simple("Background saving started"));
  }

  private static Reply config(Session s, Args a) {
    ConfigParameters config = s.server().config();
    switch (a.upper(1)) {
      case "GET" -> {
        if (a.size() < 3) {
          throw new CommandError(Errors.arity("config|get"));
        }
        List<Reply> out = new ArrayList<>();
        for (String[] pair : config.matching(a.keysFrom(2))) {
          out.add(Reply.bulk(pair[0]));
          out.add(Reply.bulk(pair[1]));
        }
        return new Reply.MapReply(out);
      }
      case "SET" -> {
        if (a.size() < 4) {
          throw new CommandError(Errors.arity("config|set"));
        }
        if (a.size() % 2 != 0) {
          throw new CommandError(Errors.SYNTAX);
        }
        config.set(a.keysFrom(2));
        return Reply.OK;
      }
      case "RESETSTAT" -> {
        return Reply.OK;
      }
      case "REWRITE" -> throw new CommandError("ERR The server is running without a config file");
      default -> throw new CommandError(Errors.subcommand(a.key(1), "CONFIG"));
    }
  }

  private static CompletableFuture<Reply> omnipaxos(KvExecutor executor, Session s, Args a) {
    if (a.size() == 1 || a.upper(1).equals("INFO")) {
      return executor.clusterInfo().thenApply(
          i -> new Reply.Bulk(i.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    List<String> rest = a.keysFrom(1);
    return executor.admin(rest).thenApply(r -> r instanceof KvExecutor.AdminReply.Status st
        ? new Reply.Simple(st.text()) : new Reply.Bulk(((KvExecutor.AdminReply.Data) r).bytes()));
  }
}
