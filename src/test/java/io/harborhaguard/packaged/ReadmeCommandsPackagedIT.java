package io.harborhaguard.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.cli.GuardCommand;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.InstallerNodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command the README and the docs pages show works as shown. The fenced blocks of {@link
 * #PAGES} are read:
 *
 * <ul>
 *   <li>{@code bash}/{@code sh} blocks: every line is a command ({@code \} continues it; {@code |},
 *       {@code &&} and {@code ;} separate commands);
 *   <li>{@code console} and untagged blocks: {@code $ } lines are commands, the lines after them
 *       their output;
 *   <li>{@code text} blocks: synopses; each {@code bin/harbor-ha-guard} line (with its indented
 *       continuations) must name subcommands and options the command line has, and only values an
 *       enumerated option takes;
 *   <li>{@code yaml}, {@code json} and other blocks: not commands (the chart values and CI
 *       definitions are rendered and run by GuardChartIT and CiIntegrationsPackagedIT).
 * </ul>
 *
 * <p>A command of the guard ({@code bin/harbor-ha-guard}, {@code harbor-ha-guard} on the PATH,
 * {@code java -jar ...quarkus-run.jar}) is either run or parsed:
 *
 * <table>
 *   <caption>what is run and what is parsed</caption>
 *   <tr><th>command</th><th>here</th><th>why</th></tr>
 *   <tr><td>lint, rules, nodes, pairs from saved bodies, --help, --version</td><td>run through
 *       the packaged launcher in a folder holding fixture files under the names the page uses;
 *       exit 0 or 1, and every output line the page shows is printed (a line ending in "..." as a
 *       prefix; key fingerprints masked)</td><td>offline commands over files</td></tr>
 *   <tr><td>serve (no subcommand, or -D options only)</td><td>parsed</td><td>the service runs
 *       until stopped (ServePackagedIT starts it)</td></tr>
 *   <tr><td>job db-init, job redis-probe, job settings-sync, job cert-rotate</td><td>parsed</td>
 *       <td>they need a PostgreSQL, a Redis or a Kubernetes API server (DbInitPackagedIT,
 *       RedisProbeIT, SettingsSyncIT and CertRotationIT run them)</td></tr>
 *   <tr><td>pairs --credentials (live sites)</td><td>parsed</td><td>needs two Harbor sites
 *       (HarborApiIT runs it against Prism)</td></tr>
 *   <tr><td>--prepare</td><td>the launcher handles it</td><td>a launcher flag, not a
 *       subcommand; LauncherJvmPackagedIT runs it</td></tr>
 * </table>
 *
 * <p>Parsing is picocli's, on the guard's own command tree, without executing: an unknown
 * subcommand or option, or a value an option does not take, fails. The project's scripts ({@code
 * bin/test}, {@code bin/setup-prereqs}, the post-renderer, kustomize generators) must exist and be
 * executable; {@code bin/test} is not run here (it is the whole suite). Commands of other programs
 * ({@code helm}, {@code kubectl}, {@code docker}, {@code ./mvnw}) are not run (they need a cluster,
 * a registry or a build), but every file of this repository they name must exist.
 */
@Tag("packaged")
class ReadmeCommandsPackagedIT {

  static final List<String> PAGES =
      List.of(
          "README.md",
          "docs/cli.md",
          "docs/jobs.md",
          "docs/webhook.md",
          "docs/configuration.md",
          "docs/operations.md",
          "docs/architecture.md",
          "docs/install.md",
          "docs/alerts.md");

  /** The guard's subcommands run here; any other is only parsed (see the class comment). */
  static final Set<String> RUN = Set.of("lint", "rules", "nodes", "pairs", "--help", "--version");

  /** The folder the commands run in, with the files the pages name. */
  @TempDir static Path work;

  static final List<Shown> COMMANDS = new ArrayList<>();
  static final List<Synopsis> SYNOPSES = new ArrayList<>();

  record Shown(String page, int line, String command, List<String> output) {
    @Override
    public String toString() {
      return page + ":" + line + ": " + command;
    }
  }

  record Synopsis(String page, int line, String text) {}

  @BeforeAll
  static void readPagesAndLayOutFiles() throws IOException {
    for (String page : PAGES) {
      read(page, Files.readAllLines(Launch.HOME.resolve(page)));
    }
    // The files the pages' examples name, from the fixtures.
    Path checks = Path.of(System.getProperty("fixtures", "src/test/fixtures")).toAbsolutePath();
    Files.copy(
        checks.resolve("checks/HA-KEY-KNOWN/pre-1.10-joblog-claim@1.10.1.yaml"),
        work.resolve("values.yaml"));
    Files.copy(Launch.fixture("v1.19.1", "v-rwo.release.json"), work.resolve("release.json"));
    Files.createDirectories(work.resolve("deploy"));
    Files.copy(work.resolve("values.yaml"), work.resolve("deploy/harbor-values.yaml"));
    InstallerNodes.Keys keys = InstallerNodes.Keys.fresh();
    InstallerNodes.haNode(work, "harbor-node-1", "2.15.0", keys);
    InstallerNodes.haNode(
        work,
        "harbor-node-2",
        "2.14.0",
        new InstallerNodes.Keys(
            keys.secretKey(), keys.token(), InstallerNodes.Keys.fresh().csrfKey()));
    Path pair = checks.resolve("replication/project-not-replicated");
    copyTree(pair.resolve("active"), work.resolve("dc1"));
    copyTree(pair.resolve("standby"), work.resolve("dc2"));
    Files.createSymbolicLink(work.resolve("bin"), Launch.HOME.resolve("bin"));
  }

  /** The link to the checkout's bin/ goes first: JUnit warns of a link out of its folder. */
  @AfterAll
  static void removeLinkToCheckout() throws IOException {
    Files.deleteIfExists(work.resolve("bin"));
  }

  @Test
  void everyGuardCommandShownRunsOrParses() throws Exception {
    List<String> report = new ArrayList<>();
    int run = 0;
    for (Shown shown : COMMANDS) {
      List<String> words = words(shown.command());
      if (words.isEmpty() || !isGuard(words)) {
        continue;
      }
      List<String> args = guardArguments(words);
      String subcommand = args.isEmpty() ? "serve" : args.get(0);
      if (subcommand.equals("--prepare")) {
        assertThat(Files.readString(Launch.LAUNCHER))
            .as(shown.toString())
            .contains("\"--prepare\"");
        report.add("launcher flag  " + shown);
      } else if (RUN.contains(subcommand) && !args.contains("--credentials")) {
        run(shown);
        run++;
        report.add("run            " + shown);
      } else {
        parse(shown.toString(), args);
        report.add("parsed         " + shown);
      }
    }
    System.out.println(String.join("\n", report));
    // The README alone shows a lint to run; the pages more. A parser that finds none fails here.
    assertThat(run).as("commands run").isGreaterThanOrEqualTo(6);
    assertThat(report).anyMatch(r -> r.startsWith("parsed") && r.contains("README.md"));
  }

  @Test
  void everySynopsisNamesOptionsTheCommandHas() {
    assertThat(SYNOPSES).hasSizeGreaterThan(10);
    for (Synopsis synopsis : SYNOPSES) {
      checkSynopsis(synopsis);
    }
  }

  @Test
  void everyScriptAndFileACommandNamesExists() {
    int checked = 0;
    for (Shown shown : COMMANDS) {
      for (String word : words(shown.command())) {
        // NAME=VALUE and --option=VALUE name their value; $PWD and ./ are the checkout here
        String path =
            word.replaceFirst("^[^=/]*=", "")
                .replaceFirst("^\\$PWD/", "")
                .replaceFirst("^\\./", "");
        if (path.matches("(bin|charts|k8s|src|helm-plugin|jobs|webhook|docs)/.*")
            || word.equals("./mvnw")) {
          Path file = Launch.HOME.resolve(path);
          assertThat(file).as(shown + ": " + word).exists();
          if (path.startsWith("bin/") || path.endsWith("/generate") || path.equals("mvnw")) {
            assertThat(Files.isExecutable(file))
                .as(shown + ": " + word + " is executable")
                .isTrue();
          }
          checked++;
        }
      }
    }
    // bin/test, bin/harbor-ha-guard, the chart, the Dockerfile, the Helm 4 plugin at least.
    assertThat(checked).isGreaterThanOrEqualTo(5);
    assertThat(COMMANDS)
        .anyMatch(c -> c.command().equals("bin/test") && c.page().equals("README.md"));
  }

  // ---- running

  private static void run(Shown shown) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", Launch.HOME.resolve("bin") + ":" + System.getenv("PATH"));
    Commands.Result result =
        Launch.run(List.of("bash", "-c", "set -o pipefail; " + shown.command()), null, env, work);
    assertThat(result.exit())
        .as(shown + "\nstdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr())
        .isIn(0, 1);
    List<String> printed =
        result.stdout().lines().map(ReadmeCommandsPackagedIT::masked).collect(Collectors.toList());
    for (String line : shown.output()) {
      String expected = masked(line);
      if (expected.isBlank() || expected.equals("...")) {
        continue;
      }
      if (expected.endsWith("...")) {
        String prefix = expected.substring(0, expected.length() - 3);
        assertThat(printed)
            .as(shown + " prints a line starting\n" + prefix + "\nstdout:\n" + result.stdout())
            .anyMatch(p -> p.startsWith(prefix));
      } else {
        assertThat(printed)
            .as(shown + " prints\n" + expected + "\nstdout:\n" + result.stdout())
            .contains(expected);
      }
    }
  }

  /** Key fingerprints differ from one set of key files to the next. */
  private static String masked(String line) {
    return line.replaceAll("sha256 [0-9a-f]+", "sha256 <fingerprint>").stripTrailing();
  }

  // ---- parsing

  private static CommandLine commandLine() {
    return new CommandLine(GuardCommand.class);
  }

  private static void parse(String where, List<String> args) {
    try {
      commandLine().parseArgs(args.toArray(new String[0]));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(where + ": " + e.getMessage(), e);
    }
  }

  private static final Pattern OPTION =
      Pattern.compile("(--[a-z][a-z0-9-]*)(?:[= ]([a-z0-9|-]+))?");

  private static void checkSynopsis(Synopsis synopsis) {
    String where = synopsis.page() + ":" + synopsis.line() + ": " + synopsis.text();
    String[] tokens = synopsis.text().replaceAll("\\s+#.*$", "").trim().split("\\s+");
    CommandSpec spec = commandLine().getCommandSpec();
    int i = 1; // after the launcher
    for (; i < tokens.length; i++) {
      String token = tokens[i].replaceAll("[\\[\\]]", "");
      if (token.isEmpty() || token.startsWith("-")) {
        break;
      }
      List<String> names = List.of(token.split("\\|"));
      if (!names.stream().allMatch(n -> n.matches("[a-z][a-z-]*"))) {
        break; // a placeholder: FILE..., NODE...
      }
      for (String name : names) {
        assertThat(spec.subcommands()).as(where).containsKey(name);
      }
      if (names.size() > 1) {
        return; // alternatives of one level: each one's options are shown elsewhere
      }
      spec = spec.subcommands().get(token).getCommandSpec();
    }
    String rest =
        String.join(" ", List.of(tokens).subList(Math.min(i, tokens.length), tokens.length));
    Matcher option = OPTION.matcher(rest);
    while (option.find()) {
      String name = option.group(1);
      if (name.equals("--prepare") && spec.parent() == null) {
        continue; // the launcher's own flag
      }
      OptionSpec found = spec.findOption(name);
      assertThat(found).as(where + ": " + spec.qualifiedName() + " " + name).isNotNull();
      String values = option.group(2);
      if (values != null && values.contains("|") && found.completionCandidates() != null) {
        Set<String> allowed = new TreeSet<>();
        found.completionCandidates().forEach(allowed::add);
        assertThat(allowed)
            .as(where + ": values of " + name)
            .containsAll(List.of(values.split("\\|")));
      }
    }
  }

  // ---- reading the pages

  private static final Pattern FENCE = Pattern.compile("^\\s*```(\\S*)\\s*$");

  private static void read(String page, List<String> lines) {
    String kind = null;
    Shown current = null;
    StringBuilder pending = null;
    int pendingLine = 0;
    boolean continues = false;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      Matcher fence = FENCE.matcher(line);
      if (fence.matches()) {
        kind = kind == null ? fence.group(1) : null;
        current = null;
        continues = false;
        continue;
      }
      if (kind == null) {
        continue;
      }
      String text = line.strip();
      switch (kind) {
        case "bash", "sh", "shell" -> {
          if (pending == null) {
            pending = new StringBuilder();
            pendingLine = n + 1;
          }
          String body = withoutComment(text);
          if (body.endsWith("\\")) {
            pending.append(body, 0, body.length() - 1).append(' ');
            continue;
          }
          pending.append(body);
          for (String command : pending.toString().split("\\s*(\\|\\||&&|\\||;)\\s*")) {
            if (!command.isBlank()) {
              COMMANDS.add(new Shown(page, pendingLine, command.strip(), List.of()));
            }
          }
          pending = null;
        }
        case "console", "" -> {
          if (text.startsWith("$ ")) {
            current = new Shown(page, n + 1, text.substring(2).strip(), new ArrayList<>());
            COMMANDS.add(current);
          } else if (current != null) {
            current.output().add(line);
          }
        }
        case "text" -> {
          continues &= line.startsWith(" ") || text.startsWith("bin/harbor-ha-guard");
          if (text.startsWith("bin/harbor-ha-guard")) {
            SYNOPSES.add(new Synopsis(page, n + 1, text));
            continues = true;
          } else if (line.startsWith(" ") && continues) {
            Synopsis last = SYNOPSES.remove(SYNOPSES.size() - 1);
            SYNOPSES.add(new Synopsis(last.page(), last.line(), last.text() + " " + text));
          }
        }
        default -> {}
      }
    }
  }

  private static String withoutComment(String text) {
    return text.replaceAll("(^|\\s)#.*$", "").strip();
  }

  // ---- words of one command

  /** Shell words of one command, quotes removed; a redirection and its target are dropped. */
  static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).matches("[0-9]?[<>]")) {
        i++;
      } else {
        kept.add(words.get(i));
      }
    }
    return kept;
  }

  private static boolean isGuard(List<String> words) {
    String first = words.get(0);
    return first.equals("bin/harbor-ha-guard")
        || first.equals("harbor-ha-guard")
        || (first.equals("java") && words.size() > 2 && words.get(2).endsWith("quarkus-run.jar"));
  }

  /**
   * The arguments the command line sees: after the launcher (or {@code java -jar JAR}), without the
   * {@code -D} options the launcher hands to the JVM (before the subcommand, or after serve).
   */
  private static List<String> guardArguments(List<String> words) {
    List<String> rest = words.subList(words.get(0).equals("java") ? 3 : 1, words.size());
    List<String> args = new ArrayList<>();
    for (String word : rest) {
      boolean beforeOrServe = args.isEmpty() || args.get(0).equals("serve");
      if (!(beforeOrServe && word.startsWith("-D"))) {
        args.add(word);
      }
    }
    return args;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }
}
