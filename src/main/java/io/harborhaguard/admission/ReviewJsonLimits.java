package io.harborhaguard.admission;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Bounds what one request body can make the guard build: every AdmissionReview is read through this
 * mapper, and a body that passes a bound is a 400 naming it, before any tree outgrows a few
 * megabytes. A review of a Deployment with its managedFields holds about 2,000 tokens and nests 20
 * levels; a release Secret's record is one token (a string read apart from the tree).
 */
@Singleton
public class ReviewJsonLimits implements ObjectMapperCustomizer {

  static final int MAX_TOKENS = 100_000;
  static final int MAX_NESTING = 64;
  static final int MAX_NAME_LENGTH = 1024;

  @Override
  public void customize(ObjectMapper mapper) {
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxTokenCount(MAX_TOKENS)
                .maxNestingDepth(MAX_NESTING)
                .maxNameLength(MAX_NAME_LENGTH)
                .build());
  }
}
