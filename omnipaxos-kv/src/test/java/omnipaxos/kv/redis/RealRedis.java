package omnipaxos.kv.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import omnipaxos.transport.netty.FreePorts;

/**
 * A real {@code redis-server} on a free port, without persistence, for differential tests. Fails
 * (never skips) when redis-server is not installed: {@code .ci/run} installs it.
 */
final class RealRedis implements AutoCloseable {

  private final Process process;
  private final InetSocketAddress address;

  RealRedis() throws IOException, InterruptedException {
    int port = FreePorts.next();
    Path dir = Files.createTempDirectory("redis");
    try {
      process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port),
          "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()))
          .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("redis-server is not installed; the differential tests need"
          + " it (apt-get install redis-server, as .ci/run does)", e);
    }
    address = new InetSocketAddress("127.0.0.1", port);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try (Socket s = new Socket(address.getAddress(), port)) {
        break;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("redis-server did not start: "
              + Files.readString(dir.resolve("log")), e);
        }
        Thread.sleep(20);
      }
    }
  }

  InetSocketAddress address() {
    return address;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
