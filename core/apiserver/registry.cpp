#include "registry.h"

#include "api/defaults.h"
#include "api/serversideapply.h"
#include "api/validation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUuid>

namespace tugboat::apiserver {

using api::ErrorCode;
using api::Object;

namespace {

const QLatin1String kMetadata("metadata");
const QLatin1String kStatus("status");

QString nowStamp(api::Clock &clock)
{
    return api::formatTimestamp(clock.now());
}

// The grace period a pod's deletion gets (Kubernetes' pod strategy CheckGracefulDelete): what the
// request asks, else the pod's own; 0 for a pod no node runs (unscheduled) or that has finished.
qint64 podGracePeriod(const Object &pod, const DeleteOptions &options)
{
    const QString phase = pod.status().value(QLatin1String("phase")).toString();
    if (pod.spec().value(QLatin1String("nodeName")).toString().isEmpty() || phase == QLatin1String("Succeeded") ||
        phase == QLatin1String("Failed"))
        return 0;
    const qint64 grace = options.gracePeriodSeconds.value_or(
        qint64(pod.spec().value(QLatin1String("terminationGracePeriodSeconds")).toDouble(30)));
    return std::max<qint64>(grace, 0);
}

// Kubernetes' generateName suffix: 5 characters from an alphabet without vowels or look-alikes.
QString randomSuffix()
{
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    QString s;
    for (int i = 0; i < 5; ++i)
        s += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]);
    return s;
}

QString managerOf(const WriteOptions &options)
{
    return options.fieldManager.isEmpty() ? QStringLiteral("unknown") : options.fieldManager;
}

bool hasStatusSubresource(const ResourceInfo &info)
{
    return info.subresources.contains(QLatin1String("status"));
}

// What a new object's status starts as (Kubernetes' PrepareForCreate).
QJsonObject initialStatus(const ResourceInfo &info, const QJsonObject &given)
{
    if (info.kind == QLatin1String("Pod"))
        return QJsonObject{{QStringLiteral("phase"), QStringLiteral("Pending")}};
    if (info.kind == QLatin1String("Namespace"))
        return QJsonObject{{QStringLiteral("phase"), QStringLiteral("Active")}};
    if (info.kind == QLatin1String("Node"))
        return given; // the agent registers its node with status
    return {};
}

// Everything but metadata and status: a change here bumps metadata.generation.
QJsonObject specPart(const QJsonObject &json)
{
    QJsonObject o = json;
    o.remove(kMetadata);
    o.remove(kStatus);
    return o;
}

struct ContinueToken {
    qint64 revision = 0;
    QString startAfter;
};

QString encodeContinue(qint64 revision, const QString &startAfter)
{
    const QJsonObject o{{QStringLiteral("rv"), revision}, {QStringLiteral("start"), startAfter}};
    return QString::fromLatin1(QJsonDocument(o)
                                   .toJson(QJsonDocument::Compact)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Result<ContinueToken> decodeContinue(const QString &token)
{
    const QJsonObject o =
        QJsonDocument::fromJson(QByteArray::fromBase64(token.toLatin1(), QByteArray::Base64UrlEncoding)).object();
    if (!o.contains(QLatin1String("rv")) || !o.contains(QLatin1String("start")))
        return Error(ErrorCode::BadRequest, QStringLiteral("continue key is not valid"));
    return ContinueToken{o.value(QLatin1String("rv")).toInteger(), o.value(QLatin1String("start")).toString()};
}

} // namespace

Error objectError(const Error &storeError, const ResourceInfo &info, const QString &name)
{
    const QString what = QStringLiteral("%1 \"%2\"").arg(info.qualifiedResource(), name);
    switch (storeError.code()) {
    case ErrorCode::NotFound:
        return Error(ErrorCode::NotFound, what + QStringLiteral(" not found"));
    case ErrorCode::AlreadyExists:
        return Error(ErrorCode::AlreadyExists, what + QStringLiteral(" already exists"));
    case ErrorCode::Conflict:
        return Error(ErrorCode::Conflict,
                     QStringLiteral("Operation cannot be fulfilled on %1: the object has been modified; please "
                                    "apply your changes to the latest version and try again")
                         .arg(what));
    default:
        return storeError;
    }
}

Registry::Registry(store::Store &store, api::Clock &clock)
    : m_store(store)
    , m_clock(clock)
{}

QString Registry::prefix(const ResourceInfo &info, const QString &ns)
{
    QString p = QStringLiteral("/registry/") + info.resource;
    if (!info.group.isEmpty())
        p += QLatin1Char('.') + info.group;
    p += QLatin1Char('/');
    if (info.namespaced && !ns.isEmpty())
        p += ns + QLatin1Char('/');
    return p;
}

QString Registry::key(const ResourceInfo &info, const QString &ns, const QString &name)
{
    return prefix(info, ns) + name;
}

void Registry::setPodEvictionTimeout(std::chrono::milliseconds timeout)
{
    m_defaultTolerationSeconds = timeout.count() < 0 ? -1 : (timeout.count() + 999) / 1000;
}

Result<ObjectPtr> Registry::get(const ResourceInfo &info, const QString &ns, const QString &name)
{
    auto kv = m_store.get(key(info, ns, name));
    if (!kv)
        return objectError(kv.error(), info, name);
    return kv->object;
}

Result<ListPage> Registry::list(const ResourceInfo &info, const ListQuery &query)
{
    store::ListOptions opts;
    if (!query.continueToken.isEmpty()) {
        auto token = decodeContinue(query.continueToken);
        if (!token)
            return token.error();
        opts.revision = token->revision;
        opts.startAfter = token->startAfter;
    } else if (!query.resourceVersion.isEmpty() && query.resourceVersion != QLatin1String("0")) {
        bool ok = false;
        const qint64 rv = query.resourceVersion.toLongLong(&ok);
        if (!ok)
            return Error(ErrorCode::BadRequest,
                         QStringLiteral("invalid resource version: %1").arg(query.resourceVersion));
        if (query.resourceVersionMatch == QLatin1String("Exact"))
            opts.revision = rv;
        else if (rv > m_store.currentRevision().value())
            return Error(ErrorCode::Timeout, QStringLiteral("Too large resource version: %1, current: %2")
                                                 .arg(rv)
                                                 .arg(m_store.currentRevision().value()));
    }

    const QString prefixKey = prefix(info, query.namespaceName);
    ListPage page;
    // Selectors filter after the store's page, so read pages until `limit` matches or the end.
    while (true) {
        if (query.limit > 0)
            opts.limit = std::max(query.limit - int(page.items.size()), 1);
        auto r = m_store.list(prefixKey, opts);
        if (!r)
            return r.error().code() == ErrorCode::Gone
                       ? Error(ErrorCode::Gone,
                               QStringLiteral("The provided continue parameter is too old to display a "
                                              "consistent list result. You can start a new list without the "
                                              "continue parameter."))
                       : r.error();
        page.revision = r->revision;
        opts.revision = r->revision;
        for (const auto &kv : r->items) {
            if (query.labels.matches(kv.object->labels()) && query.fields.matches(*kv.object))
                page.items.push_back(kv.object);
        }
        if (!r->more)
            break;
        opts.startAfter = r->items.back().key;
        if (query.limit > 0 && int(page.items.size()) >= query.limit) {
            page.continueToken = encodeContinue(r->revision, opts.startAfter);
            break;
        }
    }
    return page;
}

Result<void> Registry::checkIdentity(const ResourceInfo &info, const QString &ns, const QString &name,
                                     const Object &object)
{
    if (!object.apiVersion().isEmpty() && object.apiVersion() != info.apiVersion())
        return Error(ErrorCode::BadRequest,
                     QStringLiteral("the API version in the data (%1) does not match the expected API version (%2)")
                         .arg(object.apiVersion(), info.apiVersion()));
    if (!object.kind().isEmpty() && object.kind() != info.kind)
        return Error(ErrorCode::BadRequest,
                     QStringLiteral("the kind in the data (%1) does not match the expected kind (%2)")
                         .arg(object.kind(), info.kind));
    if (info.namespaced && !object.namespaceName().isEmpty() && object.namespaceName() != ns)
        return Error(ErrorCode::BadRequest, QStringLiteral("the namespace of the provided object does not match "
                                                           "the namespace sent on the request"));
    if (!name.isEmpty() && !object.name().isEmpty() && object.name() != name)
        return Error(ErrorCode::BadRequest, QStringLiteral("the name of the object (%1) does not match the name on "
                                                           "the URL (%2)")
                                                .arg(object.name(), name));
    return {};
}

Result<void> Registry::checkNamespaceOpen(const QString &ns)
{
    static const ResourceInfo namespaces = *api::Kinds::byKind(QStringLiteral("Namespace"));
    auto got = m_store.get(key(namespaces, QString(), ns));
    if (!got)
        return Error(ErrorCode::NotFound, QStringLiteral("namespaces \"%1\" not found").arg(ns));
    if (!got->object->deletionTimestamp().isEmpty() ||
        got->object->status().value(QLatin1String("phase")).toString() == QLatin1String("Terminating"))
        return Error(
            ErrorCode::Forbidden,
            QStringLiteral("unable to create new content in namespace %1 because it is being terminated").arg(ns));
    return {};
}

Result<ObjectPtr> Registry::create(const ResourceInfo &info, const QString &ns, const Object &input,
                                   const WriteOptions &options, QStringList *warnings)
{
    Q_UNUSED(warnings);
    if (auto r = checkIdentity(info, ns, QString(), input); !r)
        return r.error();
    QJsonObject json = input.json();
    QJsonObject meta = json.value(kMetadata).toObject();
    json.insert(QStringLiteral("apiVersion"), info.apiVersion());
    json.insert(QStringLiteral("kind"), info.kind);
    if (info.namespaced)
        meta.insert(QStringLiteral("namespace"), ns);
    else
        meta.remove(QStringLiteral("namespace"));
    if (meta.value(QLatin1String("name")).toString().isEmpty() &&
        !meta.value(QLatin1String("generateName")).toString().isEmpty())
        meta.insert(QStringLiteral("name"), meta.value(QLatin1String("generateName")).toString() + randomSuffix());
    meta.insert(QStringLiteral("uid"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    meta.insert(QStringLiteral("creationTimestamp"), nowStamp(m_clock));
    meta.remove(QStringLiteral("resourceVersion"));
    meta.remove(QStringLiteral("deletionTimestamp"));
    meta.remove(QStringLiteral("deletionGracePeriodSeconds"));
    if (json.contains(QLatin1String("spec")) || info.kind == QLatin1String("Deployment"))
        meta.insert(QStringLiteral("generation"), 1);
    else
        meta.remove(QStringLiteral("generation"));
    json.insert(kMetadata, meta);
    if (hasStatusSubresource(info)) {
        const QJsonObject status = initialStatus(info, json.value(kStatus).toObject());
        if (status.isEmpty())
            json.remove(kStatus);
        else
            json.insert(kStatus, status);
    }

    Object object = api::withDefaults(Object(json));
    if (const qint64 seconds = m_defaultTolerationSeconds.load(); seconds >= 0)
        object = api::withDefaultTolerations(object, seconds);
    if (!options.managedFieldsSet)
        object = Object(
            api::recordUpdate(nullptr, object.json(), managerOf(options), nowStamp(m_clock), options.subresource));
    const QString name = object.name();
    if (auto valid = api::checkValid(object); !valid)
        return valid.error();
    if (info.namespaced)
        if (auto open = checkNamespaceOpen(ns); !open)
            return open.error();

    if (options.dryRun) {
        if (m_store.get(key(info, ns, name)))
            return objectError(Error(ErrorCode::AlreadyExists, {}), info, name);
        return std::make_shared<const Object>(object);
    }
    auto created = m_store.create(key(info, ns, name), object);
    if (!created)
        return objectError(created.error(), info, name);
    return created->object;
}

Result<ObjectPtr> Registry::update(const ResourceInfo &info, const QString &ns, const QString &name,
                                   const Object &input, Part part, const WriteOptions &options, QStringList *warnings)
{
    if (auto r = checkIdentity(info, ns, name, input); !r)
        return r.error();
    const QString k = key(info, ns, name);
    auto current = m_store.get(k);
    if (!current)
        return objectError(current.error(), info, name);
    const QString rv = input.resourceVersion();
    qint64 precondition = 0;
    if (!rv.isEmpty()) {
        bool ok = false;
        precondition = rv.toLongLong(&ok);
        if (!ok)
            return Error(ErrorCode::BadRequest, QStringLiteral("invalid resource version: %1").arg(rv));
    }

    QJsonObject json = input.json();
    const QJsonObject oldJson = current->object->json();
    if (part == Part::Status) {
        // Only status (and labels/annotations) of the status subresource's body count.
        QJsonObject merged = oldJson;
        merged.insert(kStatus, json.value(kStatus));
        json = merged;
    } else if (hasStatusSubresource(info)) {
        if (oldJson.contains(kStatus))
            json.insert(kStatus, oldJson.value(kStatus));
        else
            json.remove(kStatus);
    }
    return finishUpdate(info, k, current->object, Object(json), precondition, options, warnings);
}

Result<ObjectPtr> Registry::finishUpdate(const ResourceInfo &info, const QString &k, const ObjectPtr &old,
                                         Object updated, qint64 precondition, const WriteOptions &options,
                                         QStringList *warnings)
{
    Q_UNUSED(warnings);
    QJsonObject json = updated.json();
    QJsonObject meta = json.value(kMetadata).toObject();
    const QJsonObject oldMeta = old->metadata();
    json.insert(QStringLiteral("apiVersion"), info.apiVersion());
    json.insert(QStringLiteral("kind"), info.kind);
    // What clients may not change, whatever they send.
    for (const char *field :
         {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name"}) {
        const QLatin1String f(field);
        if (oldMeta.contains(f))
            meta.insert(f, oldMeta.value(f));
        else
            meta.remove(f);
    }
    meta.remove(QStringLiteral("resourceVersion"));
    qint64 generation = oldMeta.value(QLatin1String("generation")).toInteger();
    if (specPart(json) != specPart(old->json()) && oldMeta.contains(QLatin1String("generation")))
        ++generation;
    if (oldMeta.contains(QLatin1String("generation")))
        meta.insert(QStringLiteral("generation"), generation);
    json.insert(kMetadata, meta);

    Object object = api::withDefaults(Object(json));
    if (!options.managedFieldsSet) {
        const QJsonObject oldJson = old->json();
        object = Object(
            api::recordUpdate(&oldJson, object.json(), managerOf(options), nowStamp(m_clock), options.subresource));
    }
    if (auto valid = api::checkValidUpdate(*old, object); !valid)
        return valid.error();

    // The last finalizer of an object being deleted is gone: the object goes.
    // A namespace also waits for its spec.finalizers (the namespace controller empties its content).
    const bool finalize = !object.deletionTimestamp().isEmpty() && object.finalizers().isEmpty() &&
                          (info.kind != QLatin1String("Namespace") ||
                           object.spec().value(QLatin1String("finalizers")).toArray().isEmpty());
    if (options.dryRun)
        return std::make_shared<const Object>(object.withResourceVersion(old->resourceVersion()));
    const Object oldStored = old->withMetadataField(QLatin1String("resourceVersion"), QJsonValue::Undefined);
    if (!finalize && object.json() == oldStored.json())
        return old; // no change: Kubernetes does not write, and the resourceVersion stays
    const qint64 expected = precondition ? precondition : old->resourceVersion().toLongLong();
    if (finalize) {
        auto removed = m_store.remove(k, expected);
        if (!removed)
            return objectError(removed.error(), info, object.name());
        return removed->object;
    }
    auto written = m_store.update(k, object, expected);
    if (!written)
        return objectError(written.error(), info, object.name());
    return written->object;
}

Result<ObjectPtr> Registry::remove(const ResourceInfo &info, const QString &ns, const QString &name,
                                   const DeleteOptions &options)
{
    const QString k = key(info, ns, name);
    for (int attempt = 0; attempt < 5; ++attempt) {
        auto current = m_store.get(k);
        if (!current)
            return objectError(current.error(), info, name);
        const ObjectPtr old = current->object;
        if (!options.preconditionUid.isEmpty() && options.preconditionUid != old->uid())
            return Error(ErrorCode::Conflict,
                         QStringLiteral("Precondition failed: UID in precondition: %1, UID in object meta: %2")
                             .arg(options.preconditionUid, old->uid()));
        if (!options.preconditionResourceVersion.isEmpty() &&
            options.preconditionResourceVersion != old->resourceVersion())
            return Error(ErrorCode::Conflict, QStringLiteral("Precondition failed: ResourceVersion in "
                                                             "precondition: %1, ResourceVersion in object meta: %2")
                                                  .arg(options.preconditionResourceVersion, old->resourceVersion()));

        // A running pod goes gracefully: its node finishes the deletion.
        const bool isPod = info.kind == QLatin1String("Pod");
        const qint64 grace = isPod ? podGracePeriod(*old, options) : 0;
        if (grace > 0) {
            const QJsonObject oldMeta = old->json().value(kMetadata).toObject();
            const QJsonValue currentGrace = oldMeta.value(QLatin1String("deletionGracePeriodSeconds"));
            if (!old->deletionTimestamp().isEmpty() && !currentGrace.isUndefined() &&
                qint64(currentGrace.toDouble()) <= grace)
                return old;
            QJsonObject json = old->json();
            QJsonObject meta = oldMeta;
            meta.insert(QStringLiteral("deletionTimestamp"), api::formatTimestamp(m_clock.now().addSecs(grace)));
            meta.insert(QStringLiteral("deletionGracePeriodSeconds"), grace);
            meta.remove(QStringLiteral("resourceVersion"));
            json.insert(kMetadata, meta);
            if (options.dryRun)
                return std::make_shared<const Object>(Object(json));
            auto written = m_store.update(k, Object(json), current->modRevision);
            if (written)
                return written->object;
            if (written.error().code() == ErrorCode::Conflict)
                continue;
            return objectError(written.error(), info, name);
        }

        QStringList finalizers = old->finalizers();
        if (options.propagationPolicy == QLatin1String("Foreground") &&
            !finalizers.contains(QLatin1String("foregroundDeletion")))
            finalizers << QStringLiteral("foregroundDeletion");
        if (options.propagationPolicy == QLatin1String("Orphan") && !finalizers.contains(QLatin1String("orphan")))
            finalizers << QStringLiteral("orphan");
        const bool namespaceFinalizers = info.kind == QLatin1String("Namespace") &&
                                         !old->spec().value(QLatin1String("finalizers")).toArray().isEmpty();

        if (finalizers.isEmpty() && !namespaceFinalizers) {
            if (options.dryRun)
                return old;
            auto removed = m_store.remove(k, current->modRevision);
            if (removed)
                return removed->object;
            if (removed.error().code() == ErrorCode::Conflict)
                continue;
            return objectError(removed.error(), info, name);
        }

        // Finalizers pending: mark the object as being deleted; whoever owns a finalizer removes it.
        if (!old->deletionTimestamp().isEmpty() && finalizers == old->finalizers())
            return old;
        QJsonObject json = old->json();
        QJsonObject meta = json.value(kMetadata).toObject();
        if (!meta.contains(QLatin1String("deletionTimestamp"))) {
            meta.insert(QStringLiteral("deletionTimestamp"), nowStamp(m_clock));
            meta.insert(QStringLiteral("deletionGracePeriodSeconds"), 0);
        }
        meta.insert(QStringLiteral("finalizers"), QJsonArray::fromStringList(finalizers));
        meta.remove(QStringLiteral("resourceVersion"));
        json.insert(kMetadata, meta);
        if (info.kind == QLatin1String("Namespace")) {
            QJsonObject status = json.value(kStatus).toObject();
            status.insert(QStringLiteral("phase"), QStringLiteral("Terminating"));
            json.insert(kStatus, status);
        }
        if (options.dryRun)
            return std::make_shared<const Object>(Object(json));
        auto written = m_store.update(k, Object(json), current->modRevision);
        if (written)
            return written->object;
        if (written.error().code() != ErrorCode::Conflict)
            return objectError(written.error(), info, name);
    }
    return objectError(Error(ErrorCode::Conflict, {}), info, name);
}

} // namespace tugboat::apiserver
