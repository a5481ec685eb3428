#include "garbagecollector.h"

#include "controllerlog.h"

#include <memory>

namespace tugboat::controllers {

const QString GarbageCollector::kForegroundFinalizer = QStringLiteral("foregroundDeletion");
const QString GarbageCollector::kOrphanFinalizer = QStringLiteral("orphan");

namespace {

const QLatin1String kUid("uid");

// NotFound: the object is gone, which is what every write here wants or no longer needs. Conflict on
// a uid precondition: the name now belongs to another incarnation, and ours is gone too.
api::Result<void> goneIsFine(const api::Result<api::ObjectPtr> &result)
{
    if (result.ok() || result.error().code() == api::ErrorCode::NotFound)
        return {};
    return api::Result<void>(result.error());
}

QStringList ownerUids(const api::Object &object)
{
    QStringList uids;
    for (const QJsonValue &ref : object.ownerReferences())
        uids << ref.toObject().value(kUid).toString();
    return uids;
}

// The dependent's reference to `ownerUid`, if it has one.
std::optional<QJsonObject> referenceTo(const api::Object &dependent, const QString &ownerUid)
{
    for (const QJsonValue &ref : dependent.ownerReferences())
        if (ref.toObject().value(kUid).toString() == ownerUid)
            return ref.toObject();
    return std::nullopt;
}

api::Object withoutOwners(const api::Object &object, const QSet<QString> &uids)
{
    QJsonArray kept;
    for (const QJsonValue &ref : object.ownerReferences())
        if (!uids.contains(ref.toObject().value(kUid).toString()))
            kept.append(ref);
    return object.withMetadataField(QLatin1String("ownerReferences"),
                                    kept.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(kept));
}

} // namespace

GarbageCollector::GarbageCollector(client::ApiClient &client, DelayScheduler &scheduler, QObject *parent)
    : Controller(QStringLiteral("garbage-collector"), client, scheduler, parent)
{
    for (const api::ResourceInfo &kind : api::Kinds::all()) {
        client::InformerOptions options;
        options.resource = kind;
        client::Informer &informer = watch(options, [this, kind](const api::ObjectPtr &old, const api::ObjectPtr &now) {
            return keysFor(kind, old, now);
        });
        m_informers.insert(kind.qualifiedResource(), &informer);
    }
}

QString GarbageCollector::keyFor(const api::ResourceInfo &kind, const api::Object &object)
{
    return kind.qualifiedResource() + QLatin1Char('/') + client::Informer::keyOf(object);
}

QStringList GarbageCollector::dependentsOf(const QString &ownerUid) const
{
    const QSet<QString> dependents = m_dependentsByUid.value(ownerUid);
    QStringList keys(dependents.begin(), dependents.end());
    keys.sort();
    return keys;
}

// Runs in the informers' handlers: keeps the indexes current, then names the keys to reconcile.
QStringList GarbageCollector::keysFor(const api::ResourceInfo &kind, const api::ObjectPtr &old,
                                      const api::ObjectPtr &now)
{
    const api::ObjectPtr &object = now ? now : old;
    if (!object)
        return {};
    const QString key = keyFor(kind, *object);
    if (old)
        unindex(*old, key);
    if (now)
        index(*now, key);

    QStringList keys{key};
    QStringList owners = ownerUids(*object);
    if (old && now)
        owners += ownerUids(*old);
    for (const QString &uid : std::as_const(owners))
        if (const auto it = m_keyByUid.constFind(uid); it != m_keyByUid.cend())
            keys << *it;
    if (!now)
        keys += dependentsOf(object->uid());
    return keys;
}

void GarbageCollector::unindex(const api::Object &object, const QString &key)
{
    if (m_keyByUid.value(object.uid()) == key)
        m_keyByUid.remove(object.uid());
    for (const QString &owner : ownerUids(object)) {
        auto it = m_dependentsByUid.find(owner);
        if (it == m_dependentsByUid.end())
            continue;
        it->remove(key);
        if (it->isEmpty())
            m_dependentsByUid.erase(it);
    }
}

void GarbageCollector::index(const api::Object &object, const QString &key)
{
    m_keyByUid.insert(object.uid(), key);
    for (const QString &owner : ownerUids(object))
        m_dependentsByUid[owner].insert(key);
}

std::optional<GarbageCollector::Entry> GarbageCollector::lookup(const QString &key) const
{
    const qsizetype slash = key.indexOf(QLatin1Char('/'));
    client::Informer *informer = m_informers.value(key.left(slash));
    if (slash < 0 || !informer)
        return std::nullopt;
    api::ObjectPtr object = informer->get(key.mid(slash + 1));
    if (!object)
        return std::nullopt;
    return Entry{informer->options().resource, std::move(object)};
}

api::Result<void> GarbageCollector::sync(const QString &key)
{
    const std::optional<Entry> entry = lookup(key);
    if (!entry)
        return {}; // gone: its dependents were queued when it went
    const api::Object &object = *entry->object;
    if (!object.deletionTimestamp().isEmpty()) {
        const QStringList finalizers = object.finalizers();
        if (finalizers.contains(kOrphanFinalizer))
            return orphanDependents(key, *entry);
        if (finalizers.contains(kForegroundFinalizer))
            return deleteDependentsFirst(key, *entry);
    }
    if (!object.ownerReferences().isEmpty())
        return checkOwners(key, *entry);
    return {};
}

api::Result<void> GarbageCollector::orphanDependents(const QString &key, const Entry &owner)
{
    const QString uid = owner.object->uid();
    int updating = 0;
    for (const QString &dependentKey : dependentsOf(uid)) {
        const std::optional<Entry> dependent = lookup(dependentKey);
        if (!dependent || !referenceTo(*dependent->object, uid))
            continue;
        updateObject(key, dependent->kind, withoutOwners(*dependent->object, {uid}));
        ++updating;
    }
    // Each dependent's update event re-queues this owner; the finalizer goes once none refers to it.
    if (updating == 0)
        removeFinalizer(key, owner, kOrphanFinalizer);
    return {};
}

api::Result<void> GarbageCollector::deleteDependentsFirst(const QString &key, const Entry &owner)
{
    const QString uid = owner.object->uid();
    int blocking = 0;
    for (const QString &dependentKey : dependentsOf(uid)) {
        const std::optional<Entry> dependent = lookup(dependentKey);
        if (!dependent)
            continue;
        const std::optional<QJsonObject> ref = referenceTo(*dependent->object, uid);
        if (!ref)
            continue;
        if (ref->value(QLatin1String("blockOwnerDeletion")).toBool())
            ++blocking;
        if (!dependent->object->deletionTimestamp().isEmpty())
            continue; // already going; its deletion re-queues this owner
        client::DeleteOptions options;
        options.propagationPolicy = QStringLiteral("Foreground");
        options.preconditionUid = dependent->object->uid();
        client().remove(dependent->kind, dependent->object->namespaceName(), dependent->object->name(), options,
                        completion<api::ObjectPtr>(key, [](const api::Result<api::ObjectPtr> &result) {
                            if (!result.ok() && result.error().code() == api::ErrorCode::Conflict)
                                return api::Result<void>();
                            return goneIsFine(result);
                        }));
    }
    if (blocking == 0)
        removeFinalizer(key, owner, kForegroundFinalizer);
    else
        qCDebug(lcControllers).noquote() << "foreground deletion waiting"
                                         << QStringLiteral("object=%1 blocking=%2").arg(key).arg(blocking);
    return {};
}

// Owners missing from the cache are confirmed with the server before anything is deleted. The GETs
// all answer while the key is processing; the last one decides.
api::Result<void> GarbageCollector::checkOwners(const QString &key, const Entry &dependent)
{
    struct Check {
        int pending = 0;
        bool failed = false;
        QSet<QString> absent;
    };
    auto check = std::make_shared<Check>();
    QList<std::pair<api::ResourceInfo, QJsonObject>> toConfirm;
    for (const QJsonValue &value : dependent.object->ownerReferences()) {
        const QJsonObject ref = value.toObject();
        if (m_keyByUid.contains(ref.value(kUid).toString()))
            continue;
        const std::optional<api::ResourceInfo> kind = api::Kinds::byKind(
            ref.value(QLatin1String("apiVersion")).toString(), ref.value(QLatin1String("kind")).toString());
        if (!kind)
            continue; // a kind Tugboat does not serve: it cannot be confirmed absent, so it stays
        toConfirm.push_back({*kind, ref});
    }
    check->pending = int(toConfirm.size());
    QPointer<GarbageCollector> self(this);
    for (const auto &[kind, ref] : toConfirm) {
        const QString ns = kind.namespaced ? dependent.object->namespaceName() : QString();
        const QString uid = ref.value(kUid).toString();
        client().get(kind, ns, ref.value(QLatin1String("name")).toString(),
                     completion<api::ObjectPtr>(key, [self, key, dependent, uid,
                                                      check](const api::Result<api::ObjectPtr> &result) {
                         --check->pending;
                         if (result.ok() ? result.value()->uid() != uid
                                         : result.error().code() == api::ErrorCode::NotFound)
                             check->absent.insert(uid);
                         else if (!result.ok())
                             check->failed = true;
                         if (self && check->pending == 0 && !check->failed)
                             self->actOnAbsentOwners(key, dependent, check->absent);
                         return result.ok() || !check->failed ? api::Result<void>() : api::Result<void>(result.error());
                     }));
    }
    return {};
}

void GarbageCollector::actOnAbsentOwners(const QString &key, const Entry &dependent, const QSet<QString> &absentUids)
{
    if (absentUids.isEmpty())
        return;
    const api::Object &object = *dependent.object;
    if (absentUids.size() < object.ownerReferences().size()) {
        qCInfo(lcControllers).noquote() << "removing dangling owner references"
                                        << QStringLiteral("object=%1 dangling=%2").arg(key).arg(absentUids.size());
        updateObject(key, dependent.kind, withoutOwners(object, absentUids));
        return;
    }
    qCInfo(lcControllers).noquote() << "deleting object whose owners are gone" << QStringLiteral("object=%1").arg(key);
    client::DeleteOptions options;
    options.propagationPolicy = QStringLiteral("Background");
    options.preconditionUid = object.uid();
    client().remove(dependent.kind, object.namespaceName(), object.name(), options,
                    completion<api::ObjectPtr>(key, [](const api::Result<api::ObjectPtr> &result) {
                        if (!result.ok() && result.error().code() == api::ErrorCode::Conflict)
                            return api::Result<void>();
                        return goneIsFine(result);
                    }));
}

void GarbageCollector::removeFinalizer(const QString &key, const Entry &owner, const QString &finalizer)
{
    QStringList finalizers = owner.object->finalizers();
    finalizers.removeAll(finalizer);
    qCInfo(lcControllers).noquote() << "removing finalizer"
                                    << QStringLiteral("object=%1 finalizer=%2").arg(key, finalizer);
    updateObject(key, owner.kind,
                 owner.object->withMetadataField(QLatin1String("finalizers"), QJsonArray::fromStringList(finalizers)));
}

// A PUT with the cached resourceVersion as precondition: a stale cache gets Conflict and a retry.
void GarbageCollector::updateObject(const QString &key, const api::ResourceInfo &kind, const api::Object &object)
{
    client::WriteOptions options;
    options.fieldManager = name();
    client().update(kind, object.namespaceName(), object, options, completion<api::ObjectPtr>(key, goneIsFine));
}

} // namespace tugboat::controllers
