package io.harborhaguard.jobs;

import io.fabric8.kubernetes.api.model.Secret;
import io.harborhaguard.helm.release.HelmRelease;
import io.harborhaguard.helm.release.RecordIdentity;
import io.harborhaguard.helm.release.ReleaseDecodeException;
import io.harborhaguard.helm.release.ReleaseDecoder;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates Helm release records before anything acts on them: a record counts only when the
 * Secret that holds it is what Helm would have written for it. Its name is {@code
 * sh.helm.release.v1.<name>.v<revision>}, its labels {@code owner=helm}, {@code name}, {@code
 * version} (and {@code status} when set) agree with the decoded record, and the namespace written
 * inside the record, when there is one, is the Secret's own. Whatever the record says, it acts only
 * in its Secret's namespace.
 */
public final class ReleaseRecords {

  private ReleaseRecords() {}

  /** A decoded record and the namespace of the Secret it came from. */
  public record Authentic(HelmRelease release, String namespace) {}

  /** Empty when the Secret and the decoded record agree; else what disagrees. */
  public static Optional<String> mismatch(Secret secret, HelmRelease release) {
    return RecordIdentity.mismatch(
        release,
        secret.getMetadata().getNamespace(),
        secret.getMetadata().getName(),
        secret.getMetadata().getLabels());
  }

  /** The decoded record when it is authentic; its namespace is the Secret's. */
  public static Optional<Authentic> authentic(Secret secret, ReleaseDecoder decoder)
      throws ReleaseDecodeException {
    HelmRelease release = decoder.decodeSecret(secret);
    if (mismatch(secret, release).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(new Authentic(release, secret.getMetadata().getNamespace()));
  }

  /**
   * The newest authentic record among {@code secrets}, by the decoded revision (labels can be
   * written by anyone who can write Secrets). Unreadable and forged records are skipped.
   */
  public static Optional<Authentic> newest(
      Collection<Secret> secrets, ReleaseDecoder decoder, Collection<String> refused) {
    return secrets.stream()
        .filter(s -> ReleaseDecoder.RELEASE_SECRET_TYPE.equals(s.getType()))
        .map(s -> readOrNote(s, decoder, refused))
        .filter(Objects::nonNull)
        .max(Comparator.comparingInt(a -> a.release().revision()));
  }

  private static Authentic readOrNote(
      Secret secret, ReleaseDecoder decoder, Collection<String> refused) {
    try {
      HelmRelease release = decoder.decodeSecret(secret);
      Optional<String> mismatch = mismatch(secret, release);
      mismatch.ifPresent(refused::add);
      return mismatch.isPresent()
          ? null
          : new Authentic(release, secret.getMetadata().getNamespace());
    } catch (ReleaseDecodeException e) {
      refused.add(
          "release record Secret "
              + secret.getMetadata().getNamespace()
              + "/"
              + secret.getMetadata().getName()
              + " could not be read: "
              + e.getMessage());
      return null;
    }
  }
}
