package io.harborhaguard.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates for a TLS server on loopback, made by openssl in one folder: a CA ({@code ca.crt},
 * {@code ca.key}), a server certificate it signs for {@code localhost} ({@code server.crt}, {@code
 * server.key}, readable by its owner only, as PostgreSQL requires) and an unrelated CA ({@code
 * other.crt}) a client can wrongly trust.
 */
public final class TlsFiles {

  private TlsFiles() {}

  public static void write(Path dir) throws Exception {
    selfSigned(dir, "/CN=test-ca", "ca");
    selfSigned(dir, "/CN=other-ca", "other");
    openssl(
        dir,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "server.key",
        "-out",
        "server.csr");
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "san.ext",
        "-out",
        "server.crt");
    Files.setPosixFilePermissions(
        dir.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
  }

  private static void selfSigned(Path dir, String subject, String name) throws Exception {
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        subject,
        "-keyout",
        name + ".key",
        "-out",
        name + ".crt");
  }

  private static void openssl(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Commands.ok(command, dir);
  }
}
