package io.harborhaguard.jobs;

import java.util.Properties;
import org.postgresql.PGProperty;
import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * pgjdbc's password source for db-init: gives the password for SCRAM (and MD5) and refuses a server
 * that asks for it in clear text, before a byte of it is written. pgjdbc instantiates it by name
 * ({@code authenticationPluginClassName}) with the connection's properties.
 */
public final class NoCleartextPassword implements AuthenticationPlugin {

  static final String REFUSED =
      "the server asked for the password in clear text (AuthenticationCleartextPassword);"
          + " refused, nothing sent";

  private final Properties info;

  public NoCleartextPassword(Properties info) {
    this.info = info;
  }

  /** Makes pgjdbc ask this class for the password. */
  static void install(Properties properties) {
    PGProperty.AUTHENTICATION_PLUGIN_CLASS_NAME.set(
        properties, NoCleartextPassword.class.getName());
  }

  @Override
  public char[] getPassword(AuthenticationRequestType type) throws PSQLException {
    if (type == AuthenticationRequestType.CLEARTEXT_PASSWORD) {
      throw new PSQLException(REFUSED, PSQLState.INVALID_AUTHORIZATION_SPECIFICATION);
    }
    String password = PGProperty.PASSWORD.getOrDefault(info);
    return password == null ? null : password.toCharArray(); // pgjdbc zeroes the copy it gets
  }
}
