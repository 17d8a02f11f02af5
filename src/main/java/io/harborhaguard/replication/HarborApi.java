package io.harborhaguard.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads a site live from Harbor's REST API v2.0 with a robot account's basic credentials: {@code
 * GET /api/v2.0/projects}, {@code /registries}, {@code /replication/policies} and {@code
 * /replication/executions}, every page. The secret goes only into the Authorization header.
 */
public final class HarborApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final int PAGE_SIZE = 100;
  private static final int MAX_PAGES = 100;

  /** The largest response body read; a larger one is an error, not a memory load. */
  public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final HttpClient client;
  private final boolean insecureHttp;

  public HarborApi(HttpClient client, boolean insecureHttp) {
    this.client = client;
    this.insecureHttp = insecureHttp;
  }

  /** {@code insecureHttp}: also accept {@code http://} sites (a lab; credentials in clear). */
  public static HarborApi withDefaults(boolean insecureHttp) {
    return new HarborApi(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), insecureHttp);
  }

  /** Robot credentials: the account's name and secret. */
  public record Credentials(String name, String secret) {
    @Override
    public String toString() {
      return "Credentials[name=" + name + "]";
    }
  }

  public ReplicationSite fetch(String siteName, String url, Credentials credentials)
      throws ReplicationSite.BadExport {
    String base = SiteUrl.checked(url, insecureHttp);
    return ReplicationSite.of(
        siteName,
        Optional.of(base),
        pages(base + "/api/v2.0/projects", credentials),
        pages(base + "/api/v2.0/registries", credentials),
        pages(base + "/api/v2.0/replication/policies", credentials),
        pages(base + "/api/v2.0/replication/executions", credentials));
  }

  /** Every page of a list endpoint, joined into one JSON array. */
  private String pages(String endpoint, Credentials credentials) throws ReplicationSite.BadExport {
    ArrayNode all = JSON.createArrayNode();
    for (int page = 1; page <= MAX_PAGES; page++) {
      String uri = endpoint + "?page=" + page + "&page_size=" + PAGE_SIZE;
      JsonNode items;
      try {
        items = JSON.readTree(get(uri, credentials));
      } catch (IOException e) {
        throw new ReplicationSite.BadExport(uri + ": not JSON");
      }
      if (items == null || !items.isArray()) {
        throw new ReplicationSite.BadExport(uri + ": not the expected shape (a JSON array)");
      }
      all.addAll((ArrayNode) items);
      if (items.size() < PAGE_SIZE) {
        break;
      }
    }
    return all.toString();
  }

  private String get(String uri, Credentials credentials) throws ReplicationSite.BadExport {
    String token =
        Base64.getEncoder()
            .encodeToString(
                (credentials.name() + ":" + credentials.secret()).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Basic " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new ReplicationSite.BadExport(
              uri + ": HTTP " + response.statusCode() + " (check the robot account's permissions)");
        }
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
          throw new ReplicationSite.BadExport(
              uri + ": response over " + MAX_BODY_BYTES / (1024 * 1024) + " MiB, not read");
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new ReplicationSite.BadExport(uri + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplicationSite.BadExport(uri + ": interrupted");
    }
  }
}
