package io.ebbflow.rm;

import io.ebbflow.core.service.ServiceCommand;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.time.SystemClock;
import io.vertx.core.Deployable;
import picocli.CommandLine.Command;

/** {@code java -jar resource-manager.jar [--config config.yaml] [-Dkey=value ...]} */
@Command(name = "resource-manager", mixinStandardHelpOptions = true, versionProvider = io.ebbflow.core.service.Version.class,
        description = "Runs the Ebbflow ResourceManager: TaskExecutor registry, slot ledger, and the division of "
                + "slots between jobs.")
public final class ResourceManagerMain extends ServiceCommand {

    public static void main(String[] args) {
        ServiceCommand.main(new ResourceManagerMain(), args);
    }

    @Override
    protected String serviceName() {
        return "ResourceManager";
    }

    @Override
    protected Deployable createVerticle(ServiceContext context) {
        return new ResourceManagerVerticle(context, SystemClock.INSTANCE);
    }
}
