package omnipaxos.kv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import omnipaxos.core.InvalidConfigException;
import omnipaxos.core.storage.ConfigurationStore;
import omnipaxos.core.storage.StorageException;
import omnipaxos.kv.command.KvEntry;
import omnipaxos.runtime.OmniPaxosHandle;
import omnipaxos.transport.netty.NettyTransport;

/**
 * The steps of starting a server that can fail, each turning its failure into a {@link
 * StartupException}.
 */
final class KvStartup {

  private KvStartup() {}

  /** A step that binds an address. */
  interface Bind<R> {
    R bind() throws InterruptedException;
  }

  /**
   * Creates {@code dir} if missing and checks that this server can use it as its data directory.
   */
  static void checkDataDir(Path dir) {
    String fix =
        "give --data-dir a directory this server may create and write, used by no other server";
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new StartupException(
          "the data directory " + dir + " (--data-dir) is a file, not a directory", fix);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StartupException(
          "cannot create the data directory " + dir + " (--data-dir): " + reason(e), fix, e);
    }
    if (!Files.isWritable(dir)) {
      throw new StartupException("the data directory " + dir + " (--data-dir) is not writable",
          "make it writable for the user running the server, or " + fix, null);
    }
  }

  /**
   * Opens the log storage of configuration {@code id} in {@code store}, naming a directory in use.
   */
  static void openLog(ConfigurationStore<KvEntry, KvSnapshot> store, int id, Path dir) {
    try {
      store.log(id);
    } catch (StorageException e) {
      if (String.valueOf(e.getMessage()).contains("/LOCK")) {
        throw new StartupException(
            "the data directory "
                + dir
                + " is in use by another running server (it holds"
                + " RocksDB's LOCK file)",
            "stop that server first, or give this server its own --data-dir",
            e);
      }
      throw new StartupException(
          "cannot open RocksDB in " + dir + " (--data-dir): " + e.getMessage(),
          "check that the directory holds this server's data and that the disk is healthy",
          e);
    }
  }

  /** Creates the node with {@code create}; its settings come from the options. */
  static OmniPaxosHandle<KvEntry, KvSnapshot> createNode(
      java.util.function.Supplier<OmniPaxosHandle<KvEntry, KvSnapshot>> create) {
    try {
      return create.get();
    } catch (InvalidConfigException e) {
      throw StartupException.usage("invalid server settings: " + e.getMessage(),
          "correct --pid, --nodes or --election-timeout-ms");
    }
  }

  /** Binds the server-to-server address and loads the TLS files, if any. */
  static void startTransport(
      NettyTransport<?, ?> transport, KvServerConfig config, InetSocketAddress address) {
    try {
      transport.start();
    } catch (UncheckedIOException e) {
      if (find(e, BindException.class) == null && config.tls().isPresent()) {
        throw new StartupException(
            "cannot load the TLS files: " + rootMessage(e),
            "give --tls-cert a PEM certificate chain, --tls-key its PEM (PKCS#8, unencrypted)"
                + " private key and --tls-ca the PEM CA certificates",
            e);
      }
      throw listenFailure(
          "server-to-server",
          "--nodes entry " + config.pid() + "=" + hostPort(address),
          address,
          "the same --nodes list on every server",
          e);
    }
  }

  /** Runs {@code bind}, which listens on {@code address} given by option {@code flag}. */
  static <R> R listen(String what, String flag, InetSocketAddress address, Bind<R> bind)
      throws InterruptedException {
    try {
      return bind.bind();
    } catch (UncheckedIOException e) {
      throw listenFailure(what, flag, address, null, e);
    }
  }

  private static StartupException listenFailure(
      String what, String flag, InetSocketAddress address, String note, Exception e) {
    BindException b = find(e, BindException.class);
    String reason = b != null ? b.getMessage() : rootMessage(e);
    String also = note == null ? "" : " (" + note + ")";
    if (reason != null && reason.contains("in use")) {
      return new StartupException(
          "the " + what + " address " + hostPort(address) + " (" + flag + ") is in use",
          "stop the process that listens there, or give " + flag + " another port" + also,
          e);
    }
    return new StartupException(
        "cannot listen on the "
            + what
            + " address "
            + hostPort(address)
            + " ("
            + flag
            + "): "
            + reason,
        "give " + flag + " an address of this machine" + also,
        e);
  }

  static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  private static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.toString();
  }

  private static <E extends Throwable> E find(Throwable t, Class<E> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
  }
}
