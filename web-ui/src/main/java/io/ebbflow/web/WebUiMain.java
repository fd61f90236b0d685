package io.ebbflow.web;

import io.ebbflow.core.service.ServiceCommand;
import io.ebbflow.core.service.ServiceContext;
import io.ebbflow.core.time.SystemClock;
import io.vertx.core.Deployable;
import picocli.CommandLine.Command;

/** {@code java -jar web-ui.jar [--config config.yaml] [-Drest.port=8081 ...]} */
@Command(name = "web-ui", mixinStandardHelpOptions = true, versionProvider = io.ebbflow.core.service.Version.class,
        description = "Runs the Ebbflow web-ui: the REST gateway (Flink's shapes) on rest.port (default 8081).")
public final class WebUiMain extends ServiceCommand {

    public static void main(String[] args) {
        ServiceCommand.main(new WebUiMain(), args);
    }

    @Override
    protected String serviceName() {
        return "web-ui";
    }

    @Override
    protected Deployable createVerticle(ServiceContext context) {
        return new WebUiVerticle(context, SystemClock.INSTANCE);
    }
}
