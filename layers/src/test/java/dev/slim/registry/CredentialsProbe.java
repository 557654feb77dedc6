package dev.slim.registry;

import java.util.Optional;
import java.util.Set;

/**
 * Prints the credentials {@link Sessions} would use for the registry named as the argument, as
 * {@code USER SECRET}, {@code none}, or {@code error MESSAGE}. {@link CloudCredentialsTest} runs it
 * as a process of its own: the helpers' {@code PATH} and Google's
 * {@code GOOGLE_APPLICATION_CREDENTIALS} are the process's.
 */
public final class CredentialsProbe {

  private CredentialsProbe() {}

  public static void main(String[] args) {
    RegistryAccess access = new RegistryAccess(null, null, Set.of(), System.getenv());
    try {
      Optional<Credentials> found = Sessions.credentials(access, args[0], false);
      System.out.println(found.map(c -> c.username() + " " + c.secret()).orElse("none"));
    } catch (RegistryException e) {
      System.out.println("error " + e.getMessage());
    }
  }
}
