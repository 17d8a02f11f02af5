package io.harborhaguard.replication;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A Harbor site's address for live reads: {@code https://} (plain {@code http://} only when the
 * caller says so: the robot's credentials would cross the network in clear), and no user info (the
 * credentials come from a file and are never part of a URL that could be printed).
 */
public final class SiteUrl {

  private SiteUrl() {}

  /** The URL checked, without a trailing slash; the message of a refusal never holds user info. */
  public static String checked(String url, boolean insecureHttp) throws ReplicationSite.BadExport {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new ReplicationSite.BadExport("not a URL: " + printable(url));
    }
    if (uri.getRawUserInfo() != null) {
      throw new ReplicationSite.BadExport(
          printable(url)
              + ": refused, the URL carries credentials; pass them in --credentials FILE");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new ReplicationSite.BadExport(printable(url) + ": not an https:// URL");
    }
    if (scheme.equals("http") && !insecureHttp) {
      throw new ReplicationSite.BadExport(
          printable(url)
              + ": refused, http:// would send the robot's credentials in clear; use https://"
              + " (or --insecure-http for a lab)");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The URL as it may be printed: user info, if any, replaced by {@code ***}. */
  public static String printable(String url) {
    if (url == null) {
      return "";
    }
    int scheme = url.indexOf("://");
    int at = url.indexOf('@', Math.max(0, scheme));
    int path = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
    if (scheme < 0 || at < 0 || (path >= 0 && at > path)) {
      return url;
    }
    return url.substring(0, scheme + 3) + "***" + url.substring(at);
  }
}
