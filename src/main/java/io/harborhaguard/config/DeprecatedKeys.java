package io.harborhaguard.config;

import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.FallbackConfigSourceInterceptor;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keys users could set before a rename keep working: a key of the new name that no source sets is
 * read from its old name, with one warning per key naming the new one. {@code
 * harbor-ha-guard.consistency.*} is {@code harbor-ha-guard.ha-group-store.*} (the HA groups'
 * store), so that the HA group has one name in configuration as in the docs; one warning per old
 * key and configuration. Old names are listed under their new names, so the mapping's check for
 * unknown keys does not refuse them.
 */
public class DeprecatedKeys extends FallbackConfigSourceInterceptor {

  static final String OLD = "harbor-ha-guard.consistency.";
  static final String NEW = "harbor-ha-guard.ha-group-store.";

  private static final Logger LOG = Logger.getLogger(DeprecatedKeys.class);
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  public DeprecatedKeys() {
    super(DeprecatedKeys::oldName);
  }

  /** The old name of {@code name}, or {@code name} when it was never renamed. */
  static String oldName(String name) {
    return name.startsWith(NEW) ? OLD + name.substring(NEW.length()) : name;
  }

  static String newName(String name) {
    return name.startsWith(OLD) ? NEW + name.substring(OLD.length()) : name;
  }

  /** The new key's value, else (a default aside) the old key's; a set old key is warned of. */
  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    String old = oldName(name);
    if (!old.equals(name) && !warned.contains(old) && context.proceed(old) != null) {
      if (warned.add(old)) {
        LOG.warnf("%s is deprecated and will be removed: set %s instead", old, name);
      }
    }
    return super.getValue(context, name);
  }

  @Override
  public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
    Set<String> names = new LinkedHashSet<>();
    context.iterateNames().forEachRemaining(name -> names.add(newName(name)));
    return names.iterator();
  }
}
