package io.harborhaguard.jobs;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.harborhaguard.helm.release.HelmRelease;
import io.harborhaguard.helm.release.RecordIdentity;
import io.harborhaguard.helm.release.ReleaseDecodeException;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.limits.Deadline;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Authenticates Helm release records before anything acts on them: a record counts only when the
 * object that holds it is what Helm would have written for it. Helm's default driver keeps a record
 * in a Secret of type {@code helm.sh/release.v1}, its ConfigMap driver ({@code
 * HELM_DRIVER=configmap}) in a ConfigMap labelled {@code owner=helm}; either way its name is {@code
 * sh.helm.release.v1.<name>.v<revision>}, its labels {@code owner=helm}, {@code name}, {@code
 * version} (and {@code status} when set) agree with the decoded record, and the namespace written
 * inside the record, when there is one, is the object's own. Whatever the record says, it acts only
 * in its object's namespace.
 */
public final class ReleaseRecords {

  private ReleaseRecords() {}

  /** A decoded record and the namespace of the object it came from. */
  public record Authentic(HelmRelease release, String namespace) {}

  /**
   * The object is a release record as Helm's drivers store them (by type or label only; nothing
   * decoded): a Secret of Helm's type, or a ConfigMap labelled {@code owner=helm}.
   */
  public static boolean isRecord(HasMetadata object) {
    if (object instanceof Secret secret) {
      return ReleaseDecoder.RELEASE_SECRET_TYPE.equals(secret.getType());
    }
    return object instanceof ConfigMap && "helm".equals(labels(object).get("owner"));
  }

  /** Decodes the record the object holds, within the decoder's bounds. */
  public static HelmRelease decode(HasMetadata object, ReleaseDecoder decoder)
      throws ReleaseDecodeException {
    if (object instanceof ConfigMap configMap) {
      Map<String, String> data = configMap.getData();
      return decoder.decodeConfigMapData(data == null ? null : data.get("release"), Deadline.NONE);
    }
    return decoder.decodeSecret((Secret) object);
  }

  /** "release record Secret ns/name" or "release record ConfigMap ns/name", for log lines. */
  public static String describe(HasMetadata object) {
    return "release record "
        + kind(object)
        + " "
        + object.getMetadata().getNamespace()
        + "/"
        + object.getMetadata().getName();
  }

  /** The kind of object that holds the record: "Secret" or "ConfigMap". */
  public static String kind(HasMetadata object) {
    return object instanceof ConfigMap ? "ConfigMap" : "Secret";
  }

  /** Empty when the object and the decoded record agree; else what disagrees. */
  public static Optional<String> mismatch(HasMetadata object, HelmRelease release) {
    return RecordIdentity.mismatch(
        release,
        object.getMetadata().getNamespace(),
        object.getMetadata().getName(),
        object.getMetadata().getLabels());
  }

  /** The decoded record when it is authentic; its namespace is the object's. */
  public static Optional<Authentic> authentic(HasMetadata object, ReleaseDecoder decoder)
      throws ReleaseDecodeException {
    HelmRelease release = decode(object, decoder);
    if (mismatch(object, release).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(new Authentic(release, object.getMetadata().getNamespace()));
  }

  /**
   * The newest authentic record among {@code records}, by the decoded revision (labels can be
   * written by anyone who can write Secrets or ConfigMaps). Unreadable and forged records are
   * skipped.
   */
  public static Optional<Authentic> newest(
      Collection<? extends HasMetadata> records,
      ReleaseDecoder decoder,
      Collection<String> refused) {
    return records.stream()
        .filter(ReleaseRecords::isRecord)
        .map(r -> readOrNote(r, decoder, refused))
        .filter(Objects::nonNull)
        .max(Comparator.comparingInt(a -> a.release().revision()));
  }

  /**
   * The authentic record {@code record} holds when {@code wanted} accepts it (e.g. a Harbor
   * release); else empty. A record found unreadable or forged is remembered in {@code unreadable}
   * and told to {@code warn} once per version of its object; one found so before is not decoded
   * again. A record {@code wanted} refuses is dropped before the identity check.
   */
  static Optional<Authentic> authentic(
      HasMetadata record,
      ReleaseDecoder decoder,
      UnreadableRecords unreadable,
      Predicate<HelmRelease> wanted,
      Consumer<String> warn,
      Runnable onForged) {
    if (!isRecord(record) || unreadable.known(record)) {
      return Optional.empty();
    }
    HelmRelease release;
    try {
      release = decode(record, decoder);
    } catch (ReleaseDecodeException e) {
      if (unreadable.remember(record)) {
        warn.accept(describe(record) + " could not be read: " + e.getMessage());
      }
      return Optional.empty();
    }
    if (!wanted.test(release)) {
      return Optional.empty();
    }
    Optional<String> forged = mismatch(record, release);
    if (forged.isPresent()) {
      onForged.run();
      if (unreadable.remember(record)) {
        warn.accept(forged.get());
      }
      return Optional.empty();
    }
    return Optional.of(new Authentic(release, record.getMetadata().getNamespace()));
  }

  static Map<String, String> labels(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static Authentic readOrNote(
      HasMetadata record, ReleaseDecoder decoder, Collection<String> refused) {
    try {
      HelmRelease release = decode(record, decoder);
      Optional<String> mismatch = mismatch(record, release);
      mismatch.ifPresent(refused::add);
      return mismatch.isPresent()
          ? null
          : new Authentic(release, record.getMetadata().getNamespace());
    } catch (ReleaseDecodeException e) {
      refused.add(describe(record) + " could not be read: " + e.getMessage());
      return null;
    }
  }
}
