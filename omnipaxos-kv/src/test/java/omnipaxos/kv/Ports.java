package omnipaxos.kv;

import omnipaxos.transport.netty.FreePorts;

/** Free ports for tests, outside the kernel's ephemeral range (see {@link FreePorts}). */
final class Ports {
  private Ports() {}

  static int free() {
    return FreePorts.next();
  }
}
