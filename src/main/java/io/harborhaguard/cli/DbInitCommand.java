package io.harborhaguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.helm.release.ReleaseDecodeException;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.jobs.AdminEndpoint;
import io.harborhaguard.jobs.DbEndpoint;
import io.harborhaguard.jobs.DbInit;
import io.harborhaguard.jobs.DbInitPlan;
import io.harborhaguard.jobs.DbInitReport;
import io.harborhaguard.jobs.DbPreflight;
import io.harborhaguard.jobs.HelmReleases;
import io.harborhaguard.jobs.SqlIdentifier;
import io.harborhaguard.policy.rules.DatabaseConnectionsRule;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code harbor-ha-guard job db-init}: creates the databases a Harbor release needs. */
@Dependent
@Unremovable
@Command(
    name = "db-init",
    mixinStandardHelpOptions = true,
    description = {
      "Create the PostgreSQL databases a Harbor release needs (registry; clair up to chart 1.5.x;"
          + " notary_server and notary_signer up to 1.12.x), owned by Harbor's user. Idempotent;"
          + " never drops anything.",
      "Exit codes: 0 every database created or present, 1 a database failed or the server"
          + " refused (standby, credentials, unreachable), 2 bad input or a refused endpoint,"
          + " sslmode or cleartext password request."
    })
public class DbInitCommand implements Callable<Integer> {

  @Option(
      names = "--release-file",
      paramLabel = "FILE",
      description = "Release JSON (helm install --dry-run=client -o json) or values file.")
  Path releaseFile;

  @Option(
      names = "--release",
      paramLabel = "NAME",
      description = "In-cluster: the release whose newest record to read.")
  String release;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "In-cluster: the release's namespace.")
  String namespace;

  @Option(
      names = "--chart-version",
      paramLabel = "VERSION",
      description =
          "Chart version of a values file (default: inferred from its keys, as lint infers it).")
  String chartVersion;

  @Option(names = "--host", description = "Overrides database.external.host.")
  String host;

  @Option(names = "--port", description = "Overrides database.external.port.")
  Integer port;

  @Option(names = "--user", description = "Overrides database.external.username (the owner).")
  String user;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "The owner's password (overrides the values).")
  Path passwordFile;

  @Option(
      names = "--admin-user",
      description = "Connect as this user instead of the owner (e.g. stolon).")
  String adminUser;

  @Option(names = "--admin-password-file", paramLabel = "FILE")
  Path adminPasswordFile;

  @Option(
      names = "--admin-secret",
      paramLabel = "NS/NAME",
      description =
          "In-cluster: Secret with the admin password (key password), e.g. harbor-db/stolon.")
  String adminSecret;

  @Option(
      names = "--sslmode",
      paramLabel = "MODE",
      description =
          "Overrides database.external.sslmode: disable, allow, prefer, require, verify-ca or"
              + " verify-full, as libpq.")
  String sslmode;

  @Option(
      names = "--ssl-root-cert",
      paramLabel = "FILE",
      description = "PEM CA certificate(s) to verify the server with (verify-ca, verify-full).")
  Path sslRootCert;

  @Option(
      names = "--ssl-root-cert-secret",
      paramLabel = "NS/NAME[:KEY]",
      description = "In-cluster: Secret holding the CA certificate (key ca.crt by default).")
  String sslRootCertSecret;

  @Option(
      names = "--approved-endpoint",
      paramLabel = "HOST[:PORT]",
      split = ",",
      description =
          "A database endpoint the release may name for admin logins (repeatable; without --host"
              + " or keys host/port in the admin Secret, the release's endpoint must be listed).")
  List<String> approvedEndpoints = new ArrayList<>();

  @Option(
      names = "--insecure-lab-login",
      description =
          "Lab only, logged: admin logins without verify-full, and a server asking for a"
              + " cleartext password gets it.")
  boolean insecureLabLogin;

  @Option(names = "--create-role", description = "Create the owner role when it is missing.")
  boolean createRole;

  @Option(
      names = "--deadline",
      defaultValue = "PT2M",
      description = "How long to wait for PostgreSQL (ISO-8601, e.g. PT30S).")
  Duration deadline;

  @Option(names = "--format", defaultValue = "text", description = "text or json.")
  String format;

  private static final Logger LOG = Logger.getLogger(DbInitCommand.class);
  private DbEndpoint releaseEndpoint;
  private String releaseName;

  @Inject Instance<KubernetesClient> client;

  /** The API client, made only when a Secret or release record must be read. */
  Supplier<KubernetesClient> kubernetes = () -> client.get();

  @Inject ReleaseDecoder decoder;

  private DbPreflight.Expectation expectation;

  @Override
  public Integer call() {
    DbInitPlan plan;
    DbInit.Login login;
    try {
      plan = plan();
      login = login(plan);
      if (isAdminLogin()) {
        plan = adminPlan(plan);
      }
    } catch (BadInput e) {
      System.err.println("harbor-ha-guard job db-init: " + e.getMessage());
      return ExitCode.UNUSABLE.code();
    }
    DbInit dbInit = new DbInit(deadline).withPreflight(expectation);
    if (insecureLabLogin) {
      LOG.warnf(
          "db-init --insecure-lab-login: %s without server verification enforced, cleartext"
              + " passwords allowed (lab use only)",
          plan.endpoint());
      dbInit.allowingCleartextPasswords();
    }
    DbInitReport report = dbInit.run(plan, login, createRole);
    System.out.print("json".equals(format) ? json(plan, report) : text(plan, report));
    if (report.refusedCleartext()) {
      return ExitCode.UNUSABLE.code();
    }
    return report.succeeded() ? 0 : 1;
  }

  private DbInitPlan plan() throws BadInput {
    HarborValues values = values();
    DatabaseConnectionsRule.Demand demand = DatabaseConnectionsRule.demand(values);
    expectation =
        new DbPreflight.Expectation(
            demand.describe(), demand.podCount(), demand.maxOpenConns(), values.chart().version());
    DbInitPlan plan;
    try {
      plan = DbInitPlan.of(values);
      releaseEndpoint = plan.endpoint();
      releaseName = values.release();
      if (user != null) {
        plan = plan.withOwner(new SqlIdentifier(user), plan.ownerPassword());
      }
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage());
    }
    try {
      plan = plan.withServer(Optional.ofNullable(host), Optional.ofNullable(port));
      plan = plan.withSsl(Optional.ofNullable(sslmode), rootCert());
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage());
    }
    Optional<String> password =
        passwordFile != null ? Optional.of(read(passwordFile)) : plan.ownerPassword();
    if (password.isEmpty() && plan.existingSecret().isPresent()) {
      password = secret(releaseNamespace(values), plan.existingSecret().get(), "password");
    }
    return plan.withOwner(plan.owner(), password);
  }

  private HarborValues values() throws BadInput {
    if (releaseFile != null) {
      return ReleaseValues.fromFile(releaseFile, ReleaseValues.chartVersionOption(chartVersion));
    }
    if (release == null || namespace == null) {
      throw new BadInput("pass --release-file FILE, or --release NAME --namespace NS in a cluster");
    }
    try {
      return HarborValues.of(
          HelmReleases.latest(kubernetes.get(), decoder, namespace, release)
              .orElseThrow(() -> new BadInput("no Helm release " + namespace + "/" + release)));
    } catch (ReleaseDecodeException e) {
      throw new BadInput(
          "release " + namespace + "/" + release + " could not be read: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new BadInput(
          "cannot read release " + namespace + "/" + release + ": " + e.getMessage());
    }
  }

  private String releaseNamespace(HarborValues values) {
    if (namespace != null) {
      return namespace;
    }
    int slash = values.release().indexOf('/');
    return slash > 0 ? values.release().substring(0, slash) : "default";
  }

  /** The CA to verify the server with, from a file or a Secret (written to a private file). */
  private Optional<String> rootCert() throws BadInput {
    if (sslRootCert != null) {
      if (!Files.isReadable(sslRootCert)) {
        throw new BadInput("--ssl-root-cert " + sslRootCert + ": not a readable file");
      }
      return Optional.of(sslRootCert.toString());
    }
    if (sslRootCertSecret == null) {
      return Optional.empty();
    }
    String[] nameAndKey = sslRootCertSecret.split(":", 2);
    String[] parts = nameAndKey[0].split("/", 2);
    if (parts.length != 2) {
      throw new BadInput("--ssl-root-cert-secret must be NAMESPACE/NAME[:KEY]");
    }
    String key = nameAndKey.length == 2 ? nameAndKey[1] : "ca.crt";
    String pem =
        secret(parts[0], parts[1], key)
            .orElseThrow(() -> new BadInput("Secret " + nameAndKey[0] + " has no key " + key));
    try {
      Path file = Files.createTempFile("db-init-root", ".crt");
      file.toFile().deleteOnExit();
      Files.writeString(file, pem);
      return Optional.of(file.toString());
    } catch (IOException e) {
      throw new BadInput("cannot write the root certificate: " + e.getMessage());
    }
  }

  private boolean isAdminLogin() {
    return adminSecret != null || adminUser != null;
  }

  /**
   * An admin login goes only to an approved endpoint (see {@link AdminEndpoint}) and, unless
   * --insecure-lab-login, verifies the server: verify-full with a given CA, whatever the release
   * says about sslmode.
   */
  private DbInitPlan adminPlan(DbInitPlan plan) throws BadInput {
    DbEndpoint endpoint = approvedEndpoint(plan);
    DbInitPlan approved =
        plan.withServer(Optional.of(endpoint.host()), Optional.of(endpoint.port()));
    return insecureLabLogin ? approved : verifyingServer(approved);
  }

  /** The command line's --host (with the plan's port), else what {@link AdminEndpoint} allows. */
  private DbEndpoint approvedEndpoint(DbInitPlan plan) throws BadInput {
    try {
      List<DbEndpoint> allowList = approvedEndpoints.stream().map(DbEndpoint::parse).toList();
      return AdminEndpoint.choose(
          Optional.ofNullable(host).map(h -> plan.endpoint()),
          adminSecretEndpoint(),
          allowList,
          releaseEndpoint,
          releaseName);
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage());
    }
  }

  /** verify-full with a given CA, whatever the release's sslmode says. */
  private DbInitPlan verifyingServer(DbInitPlan plan) throws BadInput {
    String mode = sslmode == null ? "verify-full" : sslmode;
    if (!"verify-full".equals(mode)) {
      throw new BadInput(
          "refused: admin logins verify the server (sslmode verify-full), --sslmode "
              + mode
              + " does not; --insecure-lab-login allows it in a lab");
    }
    if (plan.ssl().rootCert().isEmpty()) {
      throw new BadInput(
          "refused: an admin login verifies the server with verify-full and needs its CA:"
              + " --ssl-root-cert FILE or --ssl-root-cert-secret NS/NAME[:KEY]");
    }
    return plan.withSsl(Optional.of(mode), Optional.empty());
  }

  /** Keys host (and port) of the admin Secret, when the administrator put them there. */
  private Optional<DbEndpoint> adminSecretEndpoint() throws BadInput {
    if (adminSecret == null) {
      return Optional.empty();
    }
    String[] parts = adminSecretName();
    Optional<String> secretHost = secret(parts[0], parts[1], "host");
    if (secretHost.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> secretPort = secret(parts[0], parts[1], "port");
    try {
      return Optional.of(
          new DbEndpoint(
              secretHost.get(), secretPort.map(p -> Integer.parseInt(p.strip())).orElse(5432)));
    } catch (IllegalArgumentException e) {
      throw new BadInput("Secret " + adminSecret + ": " + e.getMessage());
    }
  }

  private String[] adminSecretName() throws BadInput {
    String[] parts = adminSecret.split("/", 2);
    if (parts.length != 2) {
      throw new BadInput("--admin-secret must be NAMESPACE/NAME");
    }
    return parts;
  }

  private DbInit.Login login(DbInitPlan plan) throws BadInput {
    if (adminSecret != null) {
      String[] parts = adminSecretName();
      String password =
          secret(parts[0], parts[1], "password")
              .orElseThrow(() -> new BadInput("Secret " + adminSecret + " has no key password"));
      return new DbInit.Login(adminUser == null ? "stolon" : adminUser, password);
    }
    if (adminUser != null) {
      return new DbInit.Login(adminUser, adminPasswordFile == null ? "" : read(adminPasswordFile));
    }
    return new DbInit.Login(plan.owner().name(), plan.ownerPassword().orElse(""));
  }

  private Optional<String> secret(String ns, String name, String key) throws BadInput {
    try {
      return HelmReleases.secretValue(kubernetes.get(), ns, name, key);
    } catch (RuntimeException e) {
      throw new BadInput(
          "cannot read Secret "
              + ns
              + "/"
              + name
              + " (pass --password-file outside a cluster): "
              + e.getClass().getSimpleName());
    }
  }

  private static String read(Path file) throws BadInput {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new BadInput("cannot read " + file + ": " + e.getMessage());
    }
  }

  static String text(DbInitPlan plan, DbInitReport report) {
    StringBuilder out =
        new StringBuilder(
            "db-init run "
                + report.run()
                + " on "
                + plan.host()
                + ":"
                + plan.port()
                + " (sslmode "
                + report.sslmode()
                + ")\n");
    report
        .preflight()
        .ifPresent(
            p -> {
              out.append("preflight: PostgreSQL ")
                  .append(p.serverVersion())
                  .append(", max_connections ")
                  .append(p.maxConnections())
                  .append(", superuser_reserved_connections ")
                  .append(p.superuserReserved())
                  .append(", ")
                  .append(p.openConnections())
                  .append(" connections open, Harbor schema ")
                  .append(
                      p.migration()
                          .map(m -> "version " + m.version() + (m.dirty() ? " (dirty)" : ""))
                          .orElse("not migrated yet"))
                  .append('\n');
              p.warnings().forEach(w -> out.append("warning: ").append(w).append('\n'));
            });
    report.error().ifPresent(e -> out.append("error: ").append(e).append('\n'));
    for (DbInitReport.Outcome o : report.databases()) {
      String status =
          switch (o.status()) {
            case CREATED -> "created";
            case PRESENT -> "already present";
            case FAILED -> "failed";
          };
      out.append(o.database())
          .append(": ")
          .append(status)
          .append(" (")
          .append(o.reason())
          .append(")\n");
    }
    return out.toString();
  }

  static String json(DbInitPlan plan, DbInitReport report) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root =
        mapper
            .createObjectNode()
            .put("run", report.run())
            .put("host", plan.host())
            .put("port", plan.port())
            .put("sslmode", report.sslmode())
            .put("succeeded", report.succeeded());
    root.put("error", report.error().orElse(null));
    report
        .preflight()
        .ifPresent(
            p -> {
              ObjectNode pre =
                  root.putObject("preflight")
                      .put("serverVersion", p.serverVersion())
                      .put("maxConnections", p.maxConnections())
                      .put("superuserReservedConnections", p.superuserReserved())
                      .put("reservedConnections", p.reservedConnections())
                      .put("openConnections", p.openConnections())
                      .put("available", p.available());
              p.migration()
                  .ifPresent(
                      m ->
                          pre.putObject("migration")
                              .put("database", m.database())
                              .put("version", m.version())
                              .put("dirty", m.dirty()));
              p.warnings().forEach(pre.withArray("warnings")::add);
              p.refusals().forEach(pre.withArray("refusals")::add);
            });
    var databases = root.putArray("databases");
    report
        .databases()
        .forEach(
            o ->
                databases
                    .addObject()
                    .put("name", o.database())
                    .put("status", o.status().name().toLowerCase(Locale.ROOT))
                    .put("reason", o.reason()));
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
