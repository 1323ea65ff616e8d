package io.secretsagent.it.hikari;

import io.secretsagent.it.postgres.PostgresFixture;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Supplies one {@link PostgresFixture} to every test class of the run that asks for it as a
 * parameter; JUnit closes it when the run ends. Tests keep apart by using their own roles.
 */
public final class SharedPostgres implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedPostgres.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresFixture.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            PostgresFixture.class, type -> PostgresFixture.start(), PostgresFixture.class);
  }
}
