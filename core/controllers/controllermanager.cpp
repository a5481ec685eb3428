#include "controllermanager.h"

#include "controllerlog.h"

#include "client/sharedinformers.h"

namespace tugboat::controllers {

struct ControllerManager::Runtime {
    std::unique_ptr<client::ApiClient> client;
    std::unique_ptr<TimerDelayScheduler> scheduler;
    std::unique_ptr<EventRecorder> recorder;
    std::vector<std::unique_ptr<Controller>> controllers;
};

ControllerManager::ControllerManager(client::ClientConfig config, client::ClientOptions options, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_options(std::move(options))
{
    m_thread.setObjectName(QStringLiteral("controllers"));
}

ControllerManager::~ControllerManager()
{
    stop();
}

void ControllerManager::add(const QString &name, ControllerFactory factory)
{
    Q_ASSERT(!m_running);
    m_factories.emplace_back(name, std::move(factory));
}

QStringList ControllerManager::controllerNames() const
{
    QStringList names;
    for (const auto &[name, factory] : m_factories)
        names << name;
    return names;
}

bool ControllerManager::start()
{
    if (m_running)
        return false;
    Q_ASSERT(QThread::currentThread() != &m_thread);
    m_thread.start();
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        m_anchor,
        [this] {
            auto runtime = std::make_unique<Runtime>();
            runtime->client = std::make_unique<client::ApiClient>(m_config, m_options);
            client::SharedInformers::attach(*runtime->client); // one cache per kind for all controllers
            runtime->scheduler = std::make_unique<TimerDelayScheduler>(m_anchor);
            runtime->recorder = std::make_unique<EventRecorder>(
                *runtime->client, EventSource{QStringLiteral("controller-manager"), {}}, api::Clock::system());
            const ControllerContext context{*runtime->client, *runtime->scheduler, *runtime->recorder};
            for (const auto &[name, factory] : m_factories) {
                std::unique_ptr<Controller> controller = factory(context);
                if (!controller) {
                    qCWarning(lcControllers).noquote()
                        << "controller not built" << QStringLiteral("controller=%1").arg(name);
                    continue;
                }
                controller->start();
                runtime->controllers.push_back(std::move(controller));
            }
            m_runtime = std::move(runtime);
        },
        Qt::BlockingQueuedConnection);
    m_running = true;
    return true;
}

void ControllerManager::stop()
{
    if (!m_running)
        return;
    QMetaObject::invokeMethod(
        m_anchor,
        [this] {
            for (const auto &controller : m_runtime->controllers)
                controller->stop();
            // Controllers before what they use: recorder, scheduler, client.
            while (!m_runtime->controllers.empty())
                m_runtime->controllers.pop_back();
            m_runtime.reset();
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_anchor; // its thread has finished: safe from here
    m_anchor = nullptr;
    m_running = false;
}

} // namespace tugboat::controllers
