package io.harborhaguard.report;

import io.harborhaguard.policy.Mode;

/**
 * A rule's mode in an offline run and where it came from: {@code packaged default}, {@code
 * environment}, {@code system property} or {@code --config FILE}.
 */
public record ModeInForce(String rule, Mode mode, String from) {}
