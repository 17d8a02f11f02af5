package io.harborhaguard.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The fixed deep copy of an object and what was changed; {@code fixes} empty means unchanged. */
public record FixResult(ObjectNode fixed, List<AppliedFix> fixes) {}
