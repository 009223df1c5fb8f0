package omnipaxos.transport.netty;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A certificate authority made at test time, and node certificates it issues, written as PEM files into
 * a test's temporary directory. Nothing here is committed: every key exists only for one test run.
 */
final class TestPki {

  private final X509Bundle ca;
  private final Path dir;
  private final String name;

  /** A new CA called {@code name} whose files go under {@code dir}. */
  TestPki(String name, Path dir) {
    this.name = name;
    this.dir = dir;
    try {
      this.ca = new CertificateBuilder().subject("CN=" + name + "-ca").setIsCertificateAuthority(true).ecp256()
          .buildSelfSigned();
    } catch (Exception e) {
      throw new IllegalStateException("cannot create a test CA", e);
    }
  }

  /** The CA certificate as a PEM trust file. */
  Path trustFile() {
    return write(name + "-ca.pem", ca.getRootCertificatePEM());
  }

  /** A certificate for {@code node} (valid for localhost and 127.0.0.1) and TLS settings trusting this CA. */
  TlsConfig node(String node, boolean verifyHostname) {
    return node(node, verifyHostname, trustFile());
  }

  /** A certificate for {@code node} issued by this CA, with {@code trust} as the trusted CA file. */
  TlsConfig node(String node, boolean verifyHostname, Path trust) {
    try {
      X509Bundle cert = new CertificateBuilder().subject("CN=" + node).ecp256()
          .addSanDnsName("localhost").addSanIpAddress("127.0.0.1")
          .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature)
          .addExtendedKeyUsageServerAuth().addExtendedKeyUsageClientAuth()
          .buildIssuedBy(ca);
      Path chain = write(name + "-" + node + "-chain.pem", cert.getCertificatePathPEM());
      Path key = write(name + "-" + node + "-key.pem", cert.getPrivateKeyPEM());
      return new TlsConfig(chain, key, trust, verifyHostname);
    } catch (Exception e) {
      throw new IllegalStateException("cannot issue a test certificate", e);
    }
  }

  X509Bundle ca() {
    return ca;
  }

  private Path write(String file, String pem) {
    try {
      return Files.writeString(dir.resolve(file), pem, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
