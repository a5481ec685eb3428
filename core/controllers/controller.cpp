#include "controller.h"

#include "controllerlog.h"

#include "client/sharedinformers.h"

namespace tugboat::controllers {

QStringList Controller::objectKey(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    const api::ObjectPtr &object = now ? now : old;
    return object ? QStringList{client::Informer::keyOf(*object)} : QStringList{};
}

Controller::Controller(QString name, client::ApiClient &client, DelayScheduler &scheduler, QObject *parent)
    : QObject(parent)
    , m_name(std::move(name))
    , m_client(client)
    , m_scheduler(scheduler)
    , m_queue(scheduler)
{
    setObjectName(m_name);
    // Keys may be queued from any thread (delays, other components): the worker runs on ours.
    m_queue.setNotifier([this] { postWork(); });
}

Controller::~Controller()
{
    m_queue.shutDown();
    m_queue.setNotifier({});
    removeHandlers();
    m_owned.clear();
}

client::Informer &Controller::watch(client::InformerOptions options, KeyFunction keys)
{
    client::Informer *informer = nullptr;
    if (client::SharedInformers *shared = client::SharedInformers::of(m_client))
        informer = shared->informer(options);
    if (!informer) {
        m_owned.push_back(std::make_unique<client::Informer>(m_client, std::move(options)));
        informer = m_owned.back().get();
    }
    client::InformerHandlers handlers;
    handlers.added = [this, keys](const api::ObjectPtr &now) { enqueueAll(keys(nullptr, now)); };
    handlers.updated = [this, keys](const api::ObjectPtr &old, const api::ObjectPtr &now) {
        enqueueAll(keys(old, now));
    };
    handlers.deleted = [this, keys](const api::ObjectPtr &last) { enqueueAll(keys(last, nullptr)); };
    m_handlers.emplace_back(informer, informer->addEventHandler(std::move(handlers)));
    connect(informer, &client::Informer::synced, this, &Controller::checkSynced);
    m_informers.push_back(informer);
    return *informer;
}

void Controller::removeHandlers()
{
    for (const auto &[informer, id] : m_handlers)
        if (informer)
            informer->removeEventHandler(id);
    m_handlers.clear();
}

void Controller::enqueueAll(const QStringList &keys)
{
    for (const QString &key : keys)
        m_queue.add(key);
}

void Controller::start()
{
    if (m_running || m_queue.isShuttingDown())
        return;
    m_running = true;
    qCInfo(lcControllers).noquote() << "controller starting" << QStringLiteral("controller=%1").arg(m_name)
                                    << QStringLiteral("informers=%1").arg(m_informers.size());
    for (const auto &informer : m_informers)
        informer->start();
    checkSynced();
}

void Controller::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_queue.shutDown();
    removeHandlers();
    for (const auto &informer : m_owned)
        informer->stop();
}

bool Controller::hasSynced() const
{
    for (const auto &informer : m_informers)
        if (!informer->hasSynced())
            return false;
    return true;
}

void Controller::checkSynced()
{
    if (m_synced || !m_running || !hasSynced())
        return;
    m_synced = true;
    qCInfo(lcControllers).noquote() << "controller synced" << QStringLiteral("controller=%1").arg(m_name);
    emit synced();
    postWork();
}

void Controller::setAutoProcess(bool enabled)
{
    m_autoProcess = enabled;
    if (enabled)
        postWork();
}

void Controller::postWork()
{
    if (m_workPosted.exchange(true))
        return;
    QMetaObject::invokeMethod(this, &Controller::work, Qt::QueuedConnection);
}

// One key per event-loop turn, so informer events and write callbacks are not starved by a long queue.
void Controller::work()
{
    m_workPosted = false;
    if (!m_autoProcess || !m_synced)
        return;
    if (processNext() && m_queue.length() > 0)
        postWork();
}

bool Controller::processNext()
{
    if (!m_synced)
        return false;
    const std::optional<QString> key = m_queue.tryGet();
    if (!key)
        return false;
    qCDebug(lcControllers).noquote() << "sync" << QStringLiteral("controller=%1 key=%2").arg(m_name, *key);
    m_awaiting.insert(*key, Pending{});
    const api::Result<void> result = sync(*key);
    Pending &pending = m_awaiting[*key];
    pending.syncReturned = true;
    if (!result.ok() && !pending.error)
        pending.error = result.error();
    if (pending.writes == 0)
        finish(*key, pending.error);
    return true;
}

int Controller::runUntilIdle()
{
    int count = 0;
    while (processNext())
        ++count;
    return count;
}

void Controller::beginWrite(const QString &key)
{
    auto it = m_awaiting.find(key);
    Q_ASSERT_X(it != m_awaiting.end(), "Controller::completion", "a write for a key that is not processing");
    if (it == m_awaiting.end())
        it = m_awaiting.insert(key, Pending{0, true, std::nullopt}); // recover: settle when it answers
    ++it->writes;
}

void Controller::endWrite(const QString &key, const api::Result<void> &outcome)
{
    auto it = m_awaiting.find(key);
    if (it == m_awaiting.end())
        return;
    if (!outcome.ok() && !it->error)
        it->error = outcome.error();
    if (--it->writes == 0 && it->syncReturned)
        finish(key, it->error);
}

void Controller::finish(const QString &key, const std::optional<api::Error> &error)
{
    const std::optional<api::Error> outcome = error; // `error` may live in the entry removed below
    m_awaiting.remove(key);
    if (outcome) {
        qCInfo(lcControllers).noquote() << "sync failed, retrying"
                                        << QStringLiteral("controller=%1 key=%2 requeues=%3 error=%4")
                                               .arg(m_name, key)
                                               .arg(m_queue.numRequeues(key))
                                               .arg(outcome->message());
        m_queue.addRateLimited(key);
    } else {
        m_queue.forget(key);
    }
    m_queue.done(key);
    emit keyFinished(key, !outcome);
}

} // namespace tugboat::controllers
