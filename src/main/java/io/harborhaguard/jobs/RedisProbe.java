package io.harborhaguard.jobs;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Looks at the Redis a Harbor release names, as Harbor will use it: through its Sentinels when a
 * master set is given (asked without a password: Harbor cannot send one to a Sentinel), then the
 * server itself: its role is master, cluster mode is off (Harbor does not support Redis Cluster),
 * every index Harbor uses is below {@code databases}, {@code maxmemory-policy} evicts nothing
 * (jobservice keeps its queue and schedules there) and something persists the data. Read-only;
 * every socket is bounded by the deadline. The password is sent only to the Redis server, never
 * printed.
 */
public final class RedisProbe {

  static final Set<String> NON_EVICTING = Set.of("noeviction");

  /** What to probe: endpoints ({@code host:port}), the Sentinel master set, the indexes used. */
  public record Target(
      List<String> endpoints,
      Optional<String> sentinelMasterSet,
      Map<String, Integer> indexes,
      Optional<String> username,
      Optional<String> password) {}

  /** The outcome: what was read, and the problems found (each a sentence). */
  public record Result(
      String server, Map<String, String> facts, List<String> problems, List<String> notes) {

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final Duration deadline;

  public RedisProbe(Duration deadline) {
    this.deadline = deadline;
  }

  public Result probe(Target target) {
    long end = System.nanoTime() + deadline.toNanos();
    Map<String, String> facts = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String server = target.endpoints().isEmpty() ? "" : target.endpoints().get(0);
    if (target.sentinelMasterSet().isPresent()) {
      Optional<String> master = askSentinels(target, end, facts, problems);
      if (master.isEmpty()) {
        return new Result(server, facts, problems, notes);
      }
      server = master.get();
    }
    facts.put("server", server);
    try (Connection c = Connection.open(server, end)) {
      if (target.password().isPresent()) {
        List<String> auth = new ArrayList<>(List.of("AUTH"));
        target.username().ifPresent(auth::add);
        auth.add(target.password().get());
        Object reply = c.command(auth.toArray(String[]::new));
        if (reply instanceof RedisError e) {
          problems.add("the server refused Harbor's credentials: " + e.message());
          return new Result(server, facts, problems, notes);
        }
      }
      Map<String, String> replication = info(c, "replication");
      String role = replication.getOrDefault("role", "unknown");
      facts.put("role", role);
      if (!"master".equals(role)) {
        problems.add(
            "role is "
                + role
                + ", not master: Harbor's writes fail with READONLY (point the endpoint at the"
                + " master, e.g. HAProxy with a role:master check, or use Sentinel)");
      }
      Map<String, String> cluster = info(c, "cluster");
      String clusterEnabled = cluster.getOrDefault("cluster_enabled", "0");
      facts.put("cluster_enabled", clusterEnabled);
      if ("1".equals(clusterEnabled)) {
        problems.add(
            "cluster mode is on (cluster_enabled:1): Harbor does not support Redis Cluster and"
                + " cannot use database indexes above 0 there");
      }
      Optional<String> databases = config(c, "databases", notes);
      databases.ifPresent(d -> facts.put("databases", d));
      databases.ifPresent(
          d -> {
            int n = Integer.parseInt(d.trim());
            target
                .indexes()
                .forEach(
                    (key, index) -> {
                      if (index >= n) {
                        problems.add(
                            key
                                + " is "
                                + index
                                + " but the server has databases "
                                + n
                                + " (indexes 0-"
                                + (n - 1)
                                + "): Harbor's SELECT fails");
                      }
                    });
          });
      Optional<String> policy = config(c, "maxmemory-policy", notes);
      policy.ifPresent(p -> facts.put("maxmemory-policy", p));
      policy
          .filter(p -> !NON_EVICTING.contains(p))
          .ifPresent(
              p ->
                  problems.add(
                      "maxmemory-policy is "
                          + p
                          + ": under memory pressure Redis evicts keys, and jobservice keeps its"
                          + " queue, schedules and locks there (set noeviction)"));
      Map<String, String> persistence = info(c, "persistence");
      String aof = persistence.getOrDefault("aof_enabled", "0");
      facts.put("aof_enabled", aof);
      Optional<String> save = config(c, "save", notes);
      save.ifPresent(s -> facts.put("save", s));
      if ("0".equals(aof) && save.isPresent() && save.get().isBlank()) {
        problems.add(
            "persistence is off (appendonly no, save \"\"): a restart loses jobservice's queue"
                + " and periodic schedules (turn on appendonly or RDB snapshots)");
      }
    } catch (IOException e) {
      problems.add("cannot reach Redis at " + server + ": " + describe(e));
    }
    return new Result(server, facts, problems, notes);
  }

  private Optional<String> askSentinels(
      Target target, long end, Map<String, String> facts, List<String> problems) {
    String set = target.sentinelMasterSet().get();
    List<String> failures = new ArrayList<>();
    for (String sentinel : target.endpoints()) {
      try (Connection c = Connection.open(sentinel, end)) {
        Object reply = c.command("SENTINEL", "get-master-addr-by-name", set);
        if (reply instanceof RedisError e) {
          if (e.message().startsWith("NOAUTH")) {
            problems.add(
                "Sentinel "
                    + sentinel
                    + " asks for a password (NOAUTH), and Harbor cannot send one to a Sentinel:"
                    + " turn off the Sentinels' requirepass (sentinel auth in redis-ha)");
            return Optional.empty();
          }
          failures.add(sentinel + ": " + e.message());
          continue;
        }
        if (reply instanceof List<?> address && address.size() == 2) {
          String master = address.get(0) + ":" + address.get(1);
          facts.put("sentinel", sentinel);
          facts.put("master", master);
          return Optional.of(master);
        }
        failures.add(sentinel + ": knows no master set " + set);
      } catch (IOException e) {
        failures.add(sentinel + ": " + describe(e));
      }
    }
    problems.add(
        "no Sentinel named the master of " + set + " (" + String.join("; ", failures) + ")");
    return Optional.empty();
  }

  private static Map<String, String> info(Connection c, String section) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    Object reply = c.command("INFO", section);
    if (reply instanceof String text) {
      for (String line : text.split("\r?\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && !line.startsWith("#")) {
          fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
      }
    }
    return fields;
  }

  /** A setting by CONFIG GET; empty with a note where the command is refused (managed Redis). */
  private static Optional<String> config(Connection c, String name, List<String> notes)
      throws IOException {
    Object reply = c.command("CONFIG", "GET", name);
    if (reply instanceof List<?> pair && pair.size() == 2) {
      return Optional.of(String.valueOf(pair.get(1)));
    }
    notes.add(
        "cannot read "
            + name
            + " (CONFIG GET "
            + (reply instanceof RedisError e ? "refused: " + e.message() : "gave nothing")
            + "): check it with the provider");
    return Optional.empty();
  }

  private static String describe(IOException e) {
    return e instanceof SocketTimeoutException
        ? "no answer before the deadline"
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** An error reply. */
  record RedisError(String message) {}

  /** One RESP2 connection, every read bounded by what is left of the deadline. */
  static final class Connection implements AutoCloseable {
    private static final int MAX_BULK = 1 << 20;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long end;

    private Connection(Socket socket, long end) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
      this.end = end;
    }

    static Connection open(String hostPort, long end) throws IOException {
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        throw new IOException("not host:port: " + hostPort);
      }
      String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
      int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1).trim());
      } catch (NumberFormatException e) {
        throw new IOException("not host:port: " + hostPort);
      }
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(host, port), left(end));
        return new Connection(socket, end);
      } catch (IOException e) {
        socket.close();
        throw e;
      }
    }

    private static int left(long end) throws SocketTimeoutException {
      long millis = Duration.ofNanos(end - System.nanoTime()).toMillis();
      if (millis <= 0) {
        throw new SocketTimeoutException("deadline passed");
      }
      return (int) Math.min(Integer.MAX_VALUE, millis);
    }

    Object command(String... args) throws IOException {
      socket.setSoTimeout(left(end));
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      buffer.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        buffer.writeBytes(bytes);
        buffer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write(buffer.toByteArray());
      out.flush();
      return read();
    }

    private Object read() throws IOException {
      socket.setSoTimeout(left(end));
      int type = in.read();
      if (type < 0) {
        throw new IOException("the server closed the connection");
      }
      String line = line();
      switch (type) {
        case '+':
          return line;
        case '-':
          return new RedisError(line);
        case ':':
          return Long.parseLong(line);
        case '$':
          {
            int length = Integer.parseInt(line);
            if (length < 0) {
              return null;
            }
            if (length > MAX_BULK) {
              throw new IOException("reply of " + length + " bytes");
            }
            byte[] bytes = in.readNBytes(length + 2);
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
          }
        case '*':
          {
            int count = Integer.parseInt(line);
            if (count < 0) {
              return null;
            }
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Math.min(count, 1024); i++) {
              items.add(read());
            }
            return items;
          }
        default:
          throw new IOException("not a Redis reply");
      }
    }

    private String line() throws IOException {
      StringBuilder text = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          text.append((char) c);
        }
        if (text.length() > 8192) {
          throw new IOException("reply line too long");
        }
      }
      return text.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
