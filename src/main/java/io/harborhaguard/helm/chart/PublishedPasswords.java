package io.harborhaguard.helm.chart;

import java.util.Set;

/**
 * Passwords printed in Harbor's chart and installer and in the HA write-ups: the chart's admin
 * password, its internal database password, the installer's database password and Stolon's example
 * superuser password. Known here only to be recognised; never printed.
 */
public final class PublishedPasswords {

  private static final String CHART_ADMIN = "Harbor12345";
  private static final Set<String> PUBLISHED =
      Set.of(CHART_ADMIN, "changeit", "root123", "password1");

  private PublishedPasswords() {}

  public static boolean isChartAdminDefault(String password) {
    return CHART_ADMIN.equals(password);
  }

  public static boolean isPublished(String password) {
    return password != null && PUBLISHED.contains(password);
  }
}
