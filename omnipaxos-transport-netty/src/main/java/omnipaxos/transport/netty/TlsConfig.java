package omnipaxos.transport.netty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import omnipaxos.core.InvalidConfigException;

/**
 * Mutual TLS between nodes. Every node presents {@code certificateChain} (signed by a CA in {@code
 * trustedCertificates}) and requires and verifies the other side's certificate against {@code
 * trustedCertificates}, in both directions: a process without a certificate issued by a trusted CA
 * can neither connect to a node nor accept a node's connection.
 *
 * <p>Any holder of a trusted certificate may claim any member pid in the handshake; trust a CA only
 * with certificates for the cluster's own nodes.
 *
 * @param certificateChain PEM file: this node's certificate, then any intermediates
 * @param privateKey PEM file: this node's PKCS#8 private key, unencrypted
 * @param trustedCertificates PEM file: the CA certificates that sign the nodes' certificates
 * @param verifyHostname also check, when dialing, that the peer's certificate names the address
 *     dialed (as a subject alternative name); off by default since nodes are identified by their CA
 */
public record TlsConfig(
    Path certificateChain, Path privateKey, Path trustedCertificates, boolean verifyHostname) {

  public TlsConfig {
    readable("certificateChain", certificateChain);
    readable("privateKey", privateKey);
    readable("trustedCertificates", trustedCertificates);
  }

  /** Mutual TLS without hostname verification. */
  public static TlsConfig of(Path certificateChain, Path privateKey, Path trustedCertificates) {
    return new TlsConfig(certificateChain, privateKey, trustedCertificates, false);
  }

  private static void readable(String name, Path file) {
    Objects.requireNonNull(file, name);
    if (!Files.isReadable(file)) {
      throw new InvalidConfigException(name + " file " + file + " is not readable");
    }
  }
}
