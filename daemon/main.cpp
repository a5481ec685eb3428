// tugboatd: parses the command line, builds the control plane, runs the event loop.
#include "controlplane.h"
#include "options.h"
#include "signals.h"

#include <QCoreApplication>
#include <QTextStream>

#include <sys/stat.h>

using namespace tugboat;

int main(int argc, char **argv)
{
    // Everything tugboatd writes (store, keys, tokens, kubeconfigs) is for its owner alone.
    ::umask(077);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tugboatd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TUGBOAT_VERSION));
    QTextStream err(stderr);

    auto command = daemon::parseCommandLine(app.arguments());
    if (!command) {
        err << "tugboatd: " << command.error().message() << '\n';
        return 2;
    }
    switch (command->kind) {
    case daemon::Command::Kind::Help:
        QTextStream(stdout) << command->helpText;
        return 0;
    case daemon::Command::Kind::Version:
        QTextStream(stdout) << "tugboatd " << TUGBOAT_VERSION << '\n';
        return 0;
    case daemon::Command::Kind::Agent:
    case daemon::Command::Kind::Server:
        break;
    }

    daemon::SignalWatcher signalWatcher;
    daemon::ControlPlane controlPlane(command->server);
    if (auto started = controlPlane.start(); !started) {
        err << "tugboatd: " << started.error().message() << '\n';
        return 1;
    }
    QObject::connect(&signalWatcher, &daemon::SignalWatcher::stopRequested, &app, [&](int) {
        err << "tugboatd: stopping\n";
        err.flush();
        controlPlane.stop();
        app.quit();
    });
    return app.exec();
}
