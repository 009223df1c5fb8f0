package omnipaxos.bench.microraft;

import io.microraft.RaftEndpoint;
import io.microraft.RaftNode;
import io.microraft.model.message.RaftMessage;
import io.microraft.transport.Transport;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP transport for MicroRaft, which ships none: one outgoing connection per peer with a
 * writer thread that drains a bounded queue into length-prefixed frames and flushes once per drain,
 * and a reader thread per incoming connection that decodes frames and hands them to
 * {@link RaftNode#handle}. Messages are encoded on the sender's thread with {@link MicroRaftCodec}; a
 * full queue drops the message (Raft retransmits). Lost connections are redialed every 50 ms.
 */
final class TcpTransport implements Transport, AutoCloseable {

  private static final int QUEUE_CAPACITY = 65_536;
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final long REDIAL_MILLIS = 50;

  private final String name;
  private final MicroRaftCodec codec;
  private final ServerSocket server;
  private final Map<RaftEndpoint, Link> links = new ConcurrentHashMap<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private volatile RaftNode node;
  private volatile boolean closed;

  TcpTransport(Ep self, InetSocketAddress listen, Map<RaftEndpoint, InetSocketAddress> peers, MicroRaftCodec codec)
      throws IOException {
    this.name = self.id();
    this.codec = codec;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(listen);
    peers.forEach((ep, address) -> links.put(ep, new Link(address)));
  }

  /** Starts accepting and dialing; messages received are handed to {@code receiver}. */
  void start(RaftNode receiver) {
    this.node = receiver;
    spawn("microraft-" + name + "-accept", this::acceptLoop);
    links.forEach((ep, link) -> spawn("microraft-" + name + "-to-" + ((Ep) ep).id(), link::writeLoop));
  }

  @Override
  public void send(RaftEndpoint target, RaftMessage message) {
    Link link = links.get(target);
    if (link != null && !closed) {
      link.queue.offer(codec.encode(message));
    }
  }

  @Override
  public boolean isReachable(RaftEndpoint endpoint) {
    Link link = links.get(endpoint);
    return link != null && link.connected;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Closing anyway.
      }
    }
    for (Thread t : threads) {
      t.interrupt();
    }
  }

  private void spawn(String threadName, Runnable body) {
    Thread t = new Thread(body, threadName);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        sockets.add(s);
        spawn("microraft-" + name + "-from-" + s.getPort(), () -> readLoop(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void readLoop(Socket s) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), BUFFER_BYTES))) {
      while (!closed) {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        node.handle(codec.decode(frame));
      }
    } catch (IOException e) {
      sockets.remove(s);
    }
  }

  /** The connection to one peer. */
  private final class Link {
    final InetSocketAddress address;
    final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    volatile boolean connected;

    Link(InetSocketAddress address) {
      this.address = address;
    }

    void writeLoop() {
      List<byte[]> batch = new ArrayList<>();
      while (!closed) {
        try (Socket s = new Socket()) {
          s.setTcpNoDelay(true);
          s.connect(address, 1000);
          sockets.add(s);
          connected = true;
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), BUFFER_BYTES));
          while (!closed) {
            batch.add(queue.take());
            queue.drainTo(batch);
            for (byte[] frame : batch) {
              out.writeInt(frame.length);
              out.write(frame);
            }
            out.flush();
            batch.clear();
          }
        } catch (IOException e) {
          connected = false;
          batch.clear();
          sleep();
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void sleep() {
      try {
        TimeUnit.MILLISECONDS.sleep(REDIAL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
