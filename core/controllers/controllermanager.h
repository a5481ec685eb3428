// Runs a set of controllers on a thread of their own, with one ApiClient, one timer source, one event
// recorder and shared informers (one cache per kind and options) for them all (kube-controller-manager,
// in small).
//
// Controllers are added as factories before start(): each controller is built on the manager's thread,
// since it and its ApiClient must live there. start() builds and starts them all; stop() stops and
// destroys them (writes in flight are cancelled) and ends the thread. Each returns once done, without
// waiting for informers to sync.
//
// Thread affinity: the manager itself is used from one thread (the one that created it), which must
// not be its controllers' thread. Controllers run on workerThread().
#pragma once

#include "controller.h"
#include "delayscheduler.h"
#include "eventrecorder.h"

#include "client/apiclient.h"
#include "client/kubeconfig.h"

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>
#include <vector>

namespace tugboat::controllers {

// What a controller is built with; all of it lives on the manager's thread and outlives the controller.
struct ControllerContext {
    client::ApiClient &client;
    DelayScheduler &scheduler;
    EventRecorder &recorder;
};

using ControllerFactory = std::function<std::unique_ptr<Controller>(const ControllerContext &context)>;

class ControllerManager : public QObject {
    Q_OBJECT
public:
    explicit ControllerManager(client::ClientConfig config, client::ClientOptions options = {},
                               QObject *parent = nullptr);
    ~ControllerManager() override; // stop()

    // Before start(); `name` is the event source component for logs.
    void add(const QString &name, ControllerFactory factory);

    // Starts the thread, builds every controller there and starts it. False if already running.
    bool start();
    void stop();
    bool isRunning() const { return m_running; }
    QThread *workerThread() { return &m_thread; }
    QStringList controllerNames() const;

private:
    struct Runtime;

    client::ClientConfig m_config;
    client::ClientOptions m_options;
    std::vector<std::pair<QString, ControllerFactory>> m_factories;
    QThread m_thread;
    QObject *m_anchor = nullptr;        // lives on m_thread; blocking calls run there
    std::unique_ptr<Runtime> m_runtime; // built, used and destroyed on m_thread only
    bool m_running = false;
};

} // namespace tugboat::controllers
