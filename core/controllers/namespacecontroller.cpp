#include "namespacecontroller.h"

#include "controllerlog.h"

#include <QJsonArray>

#include <memory>

namespace tugboat::controllers {

// Why no status conditions: the current registry deletes an object being deleted on *any* update
// that leaves metadata.finalizers empty, and Namespaces carry their finalizer in spec.finalizers.
// A status write to a terminating namespace (NamespaceDeletionContentFailure, ...) would therefore
// delete it while its content still exists. Once Registry::finishUpdate also requires an empty
// spec.finalizers for Namespaces, conditions can be written here.

const QString NamespaceController::kFinalizer = QStringLiteral("kubernetes");

namespace {

api::Result<void> ignoreNotFound(const api::Result<api::ObjectPtr> &result)
{
    if (result.ok() || result.error().code() == api::ErrorCode::NotFound)
        return {};
    return api::Result<void>(result.error());
}

// The namespace (cluster-scoped) an event of a namespaced object concerns, when it was deleted.
QStringList namespaceOfDeleted(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    if (now || !old || old->namespaceName().isEmpty())
        return {};
    return {old->namespaceName()};
}

} // namespace

QList<api::ResourceInfo> NamespaceController::contentKinds()
{
    QList<api::ResourceInfo> kinds;
    for (const api::ResourceInfo &info : api::Kinds::all())
        if (info.namespaced)
            kinds << info;
    return kinds;
}

NamespaceController::NamespaceController(client::ApiClient &client, DelayScheduler &scheduler, QObject *parent)
    : Controller(QStringLiteral("namespace-controller"), client, scheduler, parent)
{
    client::InformerOptions namespaces;
    namespaces.resource = *api::Kinds::byKind(QStringLiteral("Namespace"));
    m_namespaces = &watch(namespaces);
    // Content matters only when it goes: that is what a terminating namespace waits for.
    for (const api::ResourceInfo &kind : contentKinds()) {
        client::InformerOptions options;
        options.resource = kind;
        options.transform = client::metadataOnly; // only names and deletion state matter here
        options.transformId = QStringLiteral("metadata");
        m_content.push_back({kind, &watch(options, namespaceOfDeleted)});
    }
}

api::Result<void> NamespaceController::sync(const QString &key)
{
    const api::ObjectPtr ns = m_namespaces->get(key);
    if (!ns || ns->deletionTimestamp().isEmpty())
        return {};
    const QJsonArray finalizers = ns->spec().value(QLatin1String("finalizers")).toArray();
    if (!finalizers.contains(kFinalizer))
        return {};

    const auto content = cachedContent(key);
    if (!content.isEmpty()) {
        int deleting = 0;
        for (const auto &[kind, object] : content) {
            if (!object->deletionTimestamp().isEmpty())
                continue; // already going; its deletion event re-queues the namespace
            deleteContent(key, kind, *object);
            ++deleting;
        }
        qCInfo(lcControllers).noquote()
            << "namespace content remaining"
            << QStringLiteral("namespace=%1 remaining=%2 deleting=%3").arg(key).arg(content.size()).arg(deleting);
        return {};
    }
    confirmEmptyThenFinalize(key, ns);
    return {};
}

QList<std::pair<api::ResourceInfo, api::ObjectPtr>> NamespaceController::cachedContent(const QString &ns) const
{
    QList<std::pair<api::ResourceInfo, api::ObjectPtr>> content;
    for (const auto &[kind, informer] : m_content)
        for (const api::ObjectPtr &object : informer->list())
            if (object->namespaceName() == ns)
                content.push_back({kind, object});
    return content;
}

void NamespaceController::deleteContent(const QString &key, const api::ResourceInfo &kind, const api::Object &object)
{
    client::DeleteOptions options;
    options.propagationPolicy = QStringLiteral("Background");
    options.preconditionUid = object.uid(); // only this incarnation; a newer one is seen on its own
    client().remove(kind, object.namespaceName(), object.name(), options,
                    completion<api::ObjectPtr>(key, [](const api::Result<api::ObjectPtr> &result) {
                        if (!result.ok() && result.error().code() == api::ErrorCode::Conflict)
                            return api::Result<void>(); // uid changed: that object is already gone
                        return ignoreNotFound(result);
                    }));
}

// Every kind is listed at once; the last answer decides. Lists run while the key is processing, so the
// finalizing write is started from a write's handler, as completion() allows.
void NamespaceController::confirmEmptyThenFinalize(const QString &key, const api::ObjectPtr &ns)
{
    struct Check {
        int pending = 0;
        bool empty = true;
        bool failed = false;
    };
    auto check = std::make_shared<Check>();
    check->pending = int(m_content.size());
    QPointer<NamespaceController> self(this);
    for (const auto &[kind, informer] : m_content) {
        Q_UNUSED(informer);
        const api::ResourceInfo info = kind;
        client().listAll(info, key, {},
                         completion<client::ObjectList>(
                             key, [self, key, ns, info, check](const api::Result<client::ObjectList> &result) {
                                 --check->pending;
                                 if (!result.ok()) {
                                     check->failed = true;
                                     return api::Result<void>(result.error());
                                 }
                                 if (!self)
                                     return api::Result<void>();
                                 for (const api::ObjectPtr &object : result.value().items) {
                                     check->empty = false;
                                     if (object->deletionTimestamp().isEmpty())
                                         self->deleteContent(key, info, *object);
                                 }
                                 if (check->pending == 0 && check->empty && !check->failed)
                                     self->finalize(key, *ns);
                                 return api::Result<void>();
                             }));
    }
}

void NamespaceController::finalize(const QString &key, const api::Object &ns)
{
    QJsonArray remaining;
    for (const QJsonValue &f : ns.spec().value(QLatin1String("finalizers")).toArray())
        if (f.toString() != kFinalizer)
            remaining.append(f);
    QJsonObject json = ns.json();
    QJsonObject spec = json.value(QLatin1String("spec")).toObject();
    spec.insert(QStringLiteral("finalizers"), remaining); // explicitly empty: absent would default back
    json.insert(QStringLiteral("spec"), spec);
    qCInfo(lcControllers).noquote() << "namespace empty, finalizing" << QStringLiteral("namespace=%1").arg(key);
    // TODO: PUT namespaces/NAME/finalize once the server serves it and ApiClient exposes it.
    client::WriteOptions options;
    options.fieldManager = name();
    client().update(*api::Kinds::byKind(QStringLiteral("Namespace")), QString(), api::Object(json), options,
                    completion<api::ObjectPtr>(key, ignoreNotFound));
}

} // namespace tugboat::controllers
