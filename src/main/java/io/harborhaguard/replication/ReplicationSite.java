package io.harborhaguard.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harborhaguard.text.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Harbor site as its REST API v2.0 describes it: projects, registries (endpoints), replication
 * policies and, optionally, replication executions, in the shapes of Harbor's OpenAPI definitions
 * ({@code Project}, {@code Registry}, {@code ReplicationPolicy}, {@code ReplicationExecution}).
 * Read from saved API bodies or fetched live ({@link HarborApi}).
 */
public record ReplicationSite(
    String name,
    Optional<String> url,
    List<JsonNode> projects,
    List<JsonNode> registries,
    List<JsonNode> policies,
    List<JsonNode> executions) {

  public static final String PROJECTS = "projects.json";
  public static final String REGISTRIES = "registries.json";
  public static final String POLICIES = "replication-policies.json";
  public static final String EXECUTIONS = "replication-executions.json";

  /** An export that cannot be read or is not of the expected shape; the message names it. */
  public static final class BadExport extends Exception {
    public BadExport(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The saved bodies of GET /projects, /registries, /replication/policies (and executions). */
  public static ReplicationSite read(String name, Path dir, Optional<String> url) throws BadExport {
    if (!Files.isDirectory(dir)) {
      throw new BadExport(dir + ": not a directory");
    }
    Path executions = dir.resolve(EXECUTIONS);
    return of(
        name,
        url,
        body(dir.resolve(PROJECTS)),
        body(dir.resolve(REGISTRIES)),
        body(dir.resolve(POLICIES)),
        Files.exists(executions) ? body(executions) : "[]");
  }

  /** A site from the four bodies as the API returned them; shapes are checked. */
  public static ReplicationSite of(
      String name,
      Optional<String> url,
      String projects,
      String registries,
      String policies,
      String executions)
      throws BadExport {
    return new ReplicationSite(
        name,
        url,
        array(name + " " + PROJECTS, projects, "name"),
        array(name + " " + REGISTRIES, registries, "url"),
        array(name + " " + POLICIES, policies, "name"),
        array(name + " " + EXECUTIONS, executions, "policy_id"));
  }

  private static String body(Path file) throws BadExport {
    if (!Files.isRegularFile(file)) {
      throw new BadExport(file + ": missing (save the API's body there)");
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new BadExport(file + ": cannot read: " + e.getMessage());
    }
  }

  /** A JSON array of objects that each have {@code required}. */
  private static List<JsonNode> array(String what, String body, String required) throws BadExport {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (IOException e) {
      throw new BadExport(what + ": not JSON (" + Messages.firstLine(e.getMessage()) + ")");
    }
    if (tree == null || !tree.isArray()) {
      throw new BadExport(what + ": not the expected shape (a JSON array, as the API returns)");
    }
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode item : tree) {
      if (!item.isObject() || !item.has(required)) {
        throw new BadExport(
            what + ": not the expected shape (every element an object with \"" + required + "\")");
      }
      items.add(item);
    }
    return items;
  }
}
