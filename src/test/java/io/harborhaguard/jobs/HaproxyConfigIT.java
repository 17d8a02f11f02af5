package io.harborhaguard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.harborhaguard.testing.Ports;
import io.harborhaguard.testing.RealServers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generated configuration run by a real HAProxy in front of real Redis servers. */
class HaproxyConfigIT {

  private static final String FQDN = ".redis-ha.harbor-redis.svc.cluster.local";

  @ParameterizedTest(name = "resolvers={0} auth={1}")
  @CsvSource({"true, true", "true, false", "false, true", "false, false"})
  void haproxyAcceptsEveryConfigurationTheJobCanEmit(boolean resolvers, boolean auth)
      throws Exception {
    String config =
        HaproxyConfig.render(
            new HaproxyConfig.Spec(
                6379,
                List.of(
                    new HaproxyConfig.Server("redis-0", "redis-ha-server-0" + FQDN, 6379),
                    new HaproxyConfig.Server("redis-1", "redis-ha-server-1" + FQDN, 6379)),
                resolvers ? Optional.of("10.96.0.10:53") : Optional.empty(),
                auth));
    assertThat(RealServers.check(config)).startsWith("0 ");
  }

  @Test
  void clientsReachTheMasterAndFollowAFailover() throws Exception {
    try (RealServers servers = new RealServers()) {
      int master = servers.redis(null);
      int replica = servers.redis(master);
      int dns = servers.dns();
      int front = Ports.freePort();
      servers.haproxy(
          HaproxyConfig.render(
              new HaproxyConfig.Spec(
                  front,
                  List.of(
                      new HaproxyConfig.Server("redis-0", "redis-ha-server-0" + FQDN, master),
                      new HaproxyConfig.Server("redis-1", "redis-ha-server-1" + FQDN, replica)),
                  Optional.of("127.0.0.1:" + dns),
                  false)),
          front);

      awaitPort(front, master); // through HAProxy: the master
      assertThat(RealServers.redisCommand(front, "SET harbor ha")).isEqualTo("+OK");

      RealServers.redisCommand(replica, "REPLICAOF NO ONE");
      RealServers.redisCommand(master, "REPLICAOF 127.0.0.1 " + replica);

      awaitPort(front, replica); // after failover: the new master
      assertThat(RealServers.redisCommand(front, "SET after failover")).isEqualTo("+OK");
    }
  }

  /**
   * Asks "which port are you" through HAProxy until the expected server has answered for a second
   * without a break, i.e. the health checks have settled (15 s at most).
   */
  private static void awaitPort(int front, int expected) {
    await("port " + expected + " answers through HAProxy on " + front)
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> portThrough(front) == expected);
  }

  private static int portThrough(int front) {
    try {
      String reply = RealServers.redisCommand(front, "CONFIG GET port");
      return Integer.parseInt(reply.substring(reply.indexOf(' ') + 1).trim());
    } catch (Exception notYet) {
      return -1;
    }
  }
}
