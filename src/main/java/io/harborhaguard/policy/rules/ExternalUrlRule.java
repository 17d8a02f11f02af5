package io.harborhaguard.policy.rules;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

public class ExternalUrlRule implements Rule {

  @Override
  public String id() {
    return "HA-EXTERNAL-URL";
  }

  @Override
  public String title() {
    return "externalURL is set and matches the ingress host";
  }

  @Override
  public String rationale() {
    return "Token realms and redirects use externalURL; behind a load balancer it must be the"
        + " address clients use, the same on every member of an HA group.";
  }

  @Override
  public String eras() {
    return "every chart version";
  }

  @Override
  public Mode defaultMode() {
    return Mode.WARN;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    String url = values.text("externalURL");
    if (url.isBlank() || url.equals(values.chart().defaultExternalUrl())) {
      return List.of(
          violation(
              "externalURL",
              "externalURL is "
                  + (url.isBlank() ? "empty" : "the chart's placeholder " + Echo.value(url)),
              "--set externalURL=https://<the host clients and the load balancer use>."));
    }
    String host;
    try {
      host = new URI(url).getHost();
    } catch (URISyntaxException e) {
      host = null;
    }
    if (host == null) {
      return List.of(
          violation(
              "externalURL",
              "externalURL " + Echo.quoted(url) + " is not an absolute URL",
              "--set externalURL=https://<host>."));
    }
    String ingressHost = values.text("expose.ingress.hosts.core");
    if ("ingress".equals(values.text("expose.type")) && !host.equalsIgnoreCase(ingressHost)) {
      return List.of(
          violation(
              "expose.ingress.hosts.core",
              "externalURL host "
                  + Echo.quoted(host)
                  + " differs from expose.ingress.hosts.core "
                  + Echo.quoted(ingressHost),
              "--set expose.ingress.hosts.core=" + Echo.value(host) + ", or correct externalURL."));
    }
    return List.of();
  }
}
