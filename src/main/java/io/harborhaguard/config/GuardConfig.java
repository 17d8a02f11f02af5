package io.harborhaguard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Configuration under {@code harbor-ha-guard.*}; see docs/configuration.md. */
@ConfigMapping(prefix = "harbor-ha-guard")
public interface GuardConfig {

  /** Minimum replicas of every stateless Harbor component. */
  @WithDefault("2")
  int minReplicas();

  /** Storage classes accepted as shared; empty accepts any ReadWriteMany claim. */
  Optional<Set<String>> sharedStorageClasses();

  /** Mode per rule id, e.g. {@code harbor-ha-guard.mode."HA-SECRET-KEY"=enforce}. */
  Map<String, String> mode();

  /**
   * Upper bound of a decompressed Harbor release record (real ones: 0.31-0.62 MB); records of other
   * charts are read only up to their metadata.
   */
  @WithDefault("4194304")
  long maxReleaseBytes();

  /**
   * Names of charts judged as goharbor's Harbor chart (forks, renamed copies), as charts or as an
   * umbrella's dependency; {@code harbor} always is one, and goharbor's chart is told by its
   * metadata whatever its name.
   */
  @WithDefault("harbor")
  Set<String> harborChartNames();

  /**
   * How long a review's body may take to arrive after its headers; a slower client's connection is
   * closed. The API server sends a body at once.
   */
  @WithDefault("10s")
  Duration requestReadTimeout();

  /**
   * The Harbor namespaces whose Secrets the guard reads: release records (db-init trigger, audit
   * scan) and key Secrets (HA groups). Absent: every namespace. Set it with the namespaced RBAC
   * (k8s/overlays/namespaced), which grants nothing elsewhere.
   */
  Optional<List<String>> watchNamespaces();

  /** Threads that run reviews; absent: four per processor, at least four. */
  Optional<Integer> reviewThreads();

  /**
   * How long one release review may take; past it the record is refused with HA-RELEASE-READABLE as
   * too expensive to judge. Below the webhook's timeoutSeconds (5), which would fail open.
   */
  @WithDefault("3s")
  Duration reviewDeadline();

  /**
   * Reviews read and waiting for a review thread at most; a request beyond them is answered 429 at
   * once (the API server retries or fails open by the webhook's failurePolicy).
   */
  @WithDefault("64")
  int reviewQueue();

  /**
   * The namespaces the webhook configurations exclude (the chart renders its list here). A review
   * of a release in one of them was not sent by the API server: it is judged, but writes no Event
   * and pins no HA group.
   */
  @WithDefault("kube-system,kube-public,kube-node-lease")
  List<String> excludedNamespaces();

  /**
   * Threads that inflate release records beside the reviews reading them (used only when one is
   * free); 0: each review inflates its own. Absent: one fewer than the processors the JVM sees,
   * which in a container with a CPU limit is the limit.
   */
  Optional<Integer> inflateThreads();

  /**
   * {@code max_connections} of each external PostgreSQL Harbor releases use, keyed by the host (or
   * {@code host:port}) as {@code database.external.host} names it, e.g. {@code
   * harbor-ha-guard.database-max-connections."pg.db.svc"=200}. A host not listed is taken to run
   * PostgreSQL's default, 100 (HA-DB-CONNECTIONS).
   */
  Map<String, Integer> databaseMaxConnections();

  /**
   * Exemptions by release and rule: {@code
   * harbor-ha-guard.exemption."<namespace>/<release>"."<RULE-ID>".reason} (why; required) and
   * {@code .expires} (an ISO date, held through that day in UTC, or a date-time with its offset;
   * required). A bad one stops the start naming its key (docs/configuration.md).
   */
  Map<String, Map<String, Exemption>> exemption();

  /**
   * Exemptions of every release in the namespaces an HA group's configuration lists ({@code
   * ha-group."<group>".namespaces}): {@code harbor-ha-guard.group-exemption."<group>"."<RULE-ID>"}
   * with {@code .reason} and {@code .expires}.
   */
  Map<String, Map<String, Exemption>> groupExemption();

  /** One exemption's settings; both are required, checked with the key named. */
  interface Exemption {
    Optional<String> reason();

    Optional<String> expires();
  }

  Namespaces namespaces();

  NamespaceOverrides namespaceOverrides();

  Tls tls();

  /**
   * Where the HA groups' pins are kept and how a review asks them: {@code
   * harbor-ha-guard.ha-group-store.*} ({@code consistency.*} before, still read: {@link
   * DeprecatedKeys}).
   */
  HaGroupStore haGroupStore();

  Jobs jobs();

  Audit audit();

  interface Audit {
    /** How often deployed releases are re-judged into PolicyReports; 0 turns the scan off. */
    @WithDefault("10m")
    Duration interval();

    /** Pause between two namespaces' reports, to keep the API server's load low. */
    @WithDefault("200ms")
    Duration pause();

    /**
     * Serve the latest scan as a read-only page at {@code GET /audit} on the HTTPS port (for {@code
     * kubectl port-forward}); false leaves the route out.
     */
    @WithDefault("true")
    boolean page();

    /**
     * Log every review at INFO (an audit log), not only refusals, fixes and errors; plain
     * admissions are otherwise logged at DEBUG and counted in the metrics.
     */
    @WithDefault("false")
    boolean logEveryReview();
  }

  interface Jobs {
    /** Create a db-init Job for each admitted Harbor release with an external database. */
    @WithDefault("true")
    boolean trigger();

    /** The guard's own image, which the Jobs run. */
    @WithDefault("harbor-ha-guard:0.1.0")
    String image();

    /** ServiceAccount in the release's namespace that may read its release Secret. */
    @WithDefault("harbor-ha-guard-db-init")
    String serviceAccount();

    /** Extra db-init arguments, e.g. {@code --admin-secret=harbor-db/stolon,--create-role}. */
    Optional<List<String>> dbInitArgs();
  }

  /** HA groups by configuration: {@code harbor-ha-guard.ha-group."prod".namespaces=dc1,dc2}. */
  Map<String, HaGroup> haGroup();

  interface HaGroup {
    List<String> namespaces();
  }

  interface HaGroupStore {
    /** Where HA group pins are kept. */
    @WithDefault("kubernetes")
    Store store();

    /** Namespace of the group ConfigMaps: the guard's own. */
    @WithDefault("harbor-ha-guard")
    String namespace();

    Optional<String> jdbcUrl();

    Optional<String> username();

    Optional<String> password();

    /** Accept a JDBC URL without {@code sslmode=verify-full} (a lab; logged). */
    @WithDefault("false")
    boolean allowUnverifiedTls();

    /**
     * One budget for reading the key Secrets and asking the store. With the namespace lookup (1 s)
     * it keeps a review well inside the webhooks' 5 s timeout.
     */
    @WithDefault("2s")
    Duration timeout();

    /** What a review does when the store or a key Secret cannot be reached. */
    @WithDefault("refuse")
    OnFailure onFailure();

    /** Written {@code kubernetes} or {@code postgresql}; any other value is refused at start. */
    enum Store {
      /** A ConfigMap per group in {@link HaGroupStore#namespace()}. */
      KUBERNETES,
      /** A table shared by the guards of several clusters ({@link HaGroupStore#jdbcUrl()}). */
      POSTGRESQL
    }

    /** Written {@code refuse} or {@code allow}; any other value is refused at start. */
    enum OnFailure {
      /** Refuse the release with HA-GROUP-CONSISTENT, saying the group could not be checked. */
      REFUSE,
      /** Admit the release unchecked and log why. */
      ALLOW
    }
  }

  /** Read by the generated-certificate config source, declared here so they are validated. */
  interface Tls {
    /** Generate a self-signed certificate when none is configured. */
    @WithDefault("true")
    boolean generate();

    /** Where the generated certificate is kept; default {@code ~/.harbor-ha-guard/tls}. */
    Optional<String> generatedDir();

    /** How often the serving certificate's files are checked for new contents. */
    @WithDefault("10s")
    Duration checkInterval();
  }

  interface NamespaceOverrides {
    /**
     * Whether a namespace annotation may loosen a rule's mode ({@code enforce} to {@code warn} or
     * {@code off}); by default annotations only tighten. HA-RELEASE-READABLE is never turned off.
     */
    @WithDefault("false")
    boolean loosen();

    /**
     * Whether a namespace's exemption annotations ({@code harbor-ha-guard.io/exempt.<RULE-ID>}) are
     * honoured; by default only the policy's exemptions are.
     */
    @WithDefault("false")
    boolean exemptions();
  }

  interface Namespaces {
    /** How long a namespace's mode annotations are cached. */
    @WithDefault("30s")
    Duration cacheTtl();

    /** How long an admission review waits for a namespace lookup before using the defaults. */
    @WithDefault("1s")
    Duration lookupTimeout();
  }
}
