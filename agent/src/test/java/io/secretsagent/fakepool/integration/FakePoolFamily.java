package io.secretsagent.fakepool.integration;

import io.secretsagent.pool.PoolFamily;

/** Step 2 of docs/pool-integrations.md for the fake pool: how the agent finds it. */
public final class FakePoolFamily implements PoolFamily {

  @Override
  public String name() {
    return "FakePool";
  }

  @Override
  public String triggerProperty() {
    return "fakepool.configuration";
  }

  @Override
  public String triggerClass() {
    return "io.secretsagent.fakepool.lib.FakePool";
  }

  @Override
  public String watchedClass() {
    return "io.secretsagent.fakepool.lib.FakePool";
  }

  @Override
  public String watchedConstructor() {
    return "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V";
  }

  @Override
  public int watchedArgument() {
    return 0; // the new FakePool itself
  }

  @Override
  public String integrationClass() {
    return "io.secretsagent.fakepool.integration.FakePoolIntegration";
  }

  @Override
  public String passwordAdvice() {
    return "give it to the pool as its password instead";
  }
}
