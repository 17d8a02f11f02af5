package io.harborhaguard.admission;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.limits.BlockingCalls;
import io.harborhaguard.limits.Deadline;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.policy.rules.values.SecretLookup;
import io.harborhaguard.policy.rules.values.SecretsReferencedRule;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Looks up the Secrets a release's values name, through the Kubernetes API, in the release's own
 * namespace and by the names the values give only, each read bounded by what is left of the review
 * deadline. When a Secret cannot be read (no answer in time, no RBAC grant) the rule's finding says
 * the check could not run, a warning that never refuses. Only key names and verdicts leave here.
 */
@Singleton
public class SecretsReferencedGate implements ReleaseReviewer.SecretsGate {

  private static final Logger LOG = Logger.getLogger(SecretsReferencedGate.class);

  /** A Kubernetes object name (DNS-1123 subdomain); any other cannot name a Secret. */
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** Kept back from the review deadline for judging and answering after the reads. */
  static final Duration RESERVE = Duration.ofMillis(250);

  @Inject KubernetesClient client;
  @Inject BlockingCalls calls;
  @Inject PolicyEngine engine;

  @Override
  public List<Violation> violations(HarborValues values, String namespace, Deadline deadline) {
    SecretsReferencedRule rule = engine.catalog().secretsReferenced();
    if (namespace == null || !NAME.matcher(namespace).matches()) {
      return List.of(rule.cannotCheck("the review names no namespace"));
    }
    Map<String, SecretLookup.Result> read = new HashMap<>();
    SecretsReferencedRule.Checked checked =
        rule.check(values, name -> read.computeIfAbsent(name, n -> read(namespace, n, deadline)));
    if (checked.unchecked().isEmpty()) {
      return checked.violations();
    }
    String reason = String.join("; ", checked.unchecked());
    LOG.warnf("release in namespace %s: Secrets not checked: %s", namespace, reason);
    List<Violation> all = new ArrayList<>(checked.violations());
    all.add(rule.cannotCheck(reason));
    return all;
  }

  private SecretLookup.Result read(String namespace, String name, Deadline deadline) {
    if (name.length() > 253 || !NAME.matcher(name).matches()) {
      return new SecretLookup.Missing(); // no Secret can have this name
    }
    Duration budget = deadline.remaining(Duration.ofSeconds(2)).minus(RESERVE);
    if (budget.isNegative() || budget.isZero()) {
      return new SecretLookup.Unknown("no time left within the review deadline");
    }
    try {
      Secret secret =
          calls.call(() -> client.secrets().inNamespace(namespace).withName(name).get(), budget);
      return secret == null ? new SecretLookup.Missing() : found(secret);
    } catch (TimeoutException e) {
      return new SecretLookup.Unknown(
          "the Kubernetes API did not answer within " + budget.toMillis() + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KubernetesClientException k && k.getCode() == 403) {
        return new SecretLookup.Unknown(
            "the guard may not read Secrets in namespace "
                + namespace
                + " (list it in the guard chart's rbac.namespaces)");
      }
      return new SecretLookup.Unknown(
          "the Kubernetes API failed: " + NamespaceAnnotations.rootMessage(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SecretLookup.Unknown("interrupted");
    }
  }

  private static SecretLookup.Result found(Secret secret) {
    Map<String, byte[]> data = new HashMap<>();
    if (secret.getData() != null) {
      for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
        if (entry.getValue() == null) {
          continue;
        }
        try {
          data.put(entry.getKey(), Base64.getDecoder().decode(entry.getValue()));
        } catch (IllegalArgumentException e) {
          return new SecretLookup.Unknown("its data." + entry.getKey() + " is not base64");
        }
      }
    }
    return new SecretLookup.Found(data);
  }
}
