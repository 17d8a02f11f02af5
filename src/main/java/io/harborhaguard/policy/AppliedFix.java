package io.harborhaguard.policy;

/** A change a rule made to a rendered object, and the values key that would make it unneeded. */
public record AppliedFix(String ruleId, String change, String valuesHint) {}
