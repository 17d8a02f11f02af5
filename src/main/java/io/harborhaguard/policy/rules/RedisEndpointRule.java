package io.harborhaguard.policy.rules;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

public class RedisEndpointRule implements Rule {

  static final String SENTINEL_PORT = "26379";

  /** {@code host:port}: a DNS name, IPv4 address or bracketed IPv6 address, and a port. */
  private static final Pattern HOST_PORT =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]):\\d{1,5}");

  @Override
  public String id() {
    return "HA-REDIS-ENDPOINT";
  }

  @Override
  public String title() {
    return "external Redis must be reached through its master or through Sentinel properly";
  }

  @Override
  public String rationale() {
    return "Charts up to 1.4.x take one host:port and Harbor cannot speak the Sentinel protocol, so"
        + " the endpoint must always reach the master (HAProxy with a role:master check). From"
        + " 1.5.0 a list of Sentinels works only together with redis.external.sentinelMasterSet.";
  }

  @Override
  public String eras() {
    return "up to 1.4.x: redis.external.host/port must not be a Sentinel (26379); from 1.5.0:"
        + " redis.external.addr is a comma-separated list of host:port, and one listing Sentinels"
        + " needs redis.external.sentinelMasterSet";
  }

  @Override
  public Mode defaultMode() {
    return Mode.ENFORCE;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    if (!"external".equals(values.text("redis.type"))) {
      return List.of();
    }
    return values.chart().hasRedisAddr() ? checkAddr(values) : checkHostPort(values);
  }

  private List<Violation> checkHostPort(HarborValues values) {
    String port = values.text("redis.external.port").trim();
    String host = values.text("redis.external.host");
    if (SENTINEL_PORT.equals(port) || host.contains(",") || host.endsWith(":" + SENTINEL_PORT)) {
      return List.of(
          violation(
              "redis.external.port",
              "redis.external.port is "
                  + Echo.quoted(port)
                  + " or redis.external.host names a Sentinel; chart "
                  + values.chart().version()
                  + " cannot use Sentinel",
              "--set redis.external.host=<master-only endpoint, e.g. HAProxy with tcp-check"
                  + " role:master> --set redis.external.port=6379."));
    }
    return List.of();
  }

  private List<Violation> checkAddr(HarborValues values) {
    String addr = values.text("redis.external.addr");
    List<String> endpoints =
        Arrays.stream(addr.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
    List<String> malformed =
        endpoints.stream().filter(e -> !HOST_PORT.matcher(e).matches()).toList();
    if (!malformed.isEmpty()) {
      return List.of(
          violation(
              "redis.external.addr",
              "redis.external.addr "
                  + Echo.quoted(addr)
                  + " is not a comma-separated list of host:port ("
                  + Echo.value(String.join(", ", malformed))
                  + "): the chart prints it into Harbor's Redis URL, which then names no server",
              "--set redis.external.addr=<host:port of the master, or host:port,host:port of the"
                  + " Sentinels with redis.external.sentinelMasterSet>."));
    }
    boolean looksLikeSentinel =
        endpoints.size() > 1 || endpoints.stream().anyMatch(e -> e.endsWith(":" + SENTINEL_PORT));
    if (looksLikeSentinel && !values.isSet("redis.external.sentinelMasterSet")) {
      return List.of(
          violation(
              "redis.external.sentinelMasterSet",
              "redis.external.addr lists "
                  + endpoints.size()
                  + " Sentinel endpoint(s) but redis.external.sentinelMasterSet is empty",
              "--set redis.external.sentinelMasterSet=<master set name, e.g. mymaster>, or point"
                  + " redis.external.addr at a master-only endpoint."));
    }
    return List.of();
  }
}
