// Deletes objects whose owners are gone, and carries out foreground and orphan deletion of owners
// (Kubernetes' garbage collector, driven by metadata.ownerReferences).
//
// It watches every kind in api::Kinds (all of them can be owners or dependents: a Node owns its
// Lease, a Deployment its ReplicaSets, a ReplicaSet its Pods, a Service its Endpoints ...) and keeps
// two indexes over the informer caches: uid -> object key, and owner uid -> dependents' keys. Each
// object is reconciled on its own key, "<resource>[.<group>]/<namespace>/<name>" ("pods/default/web",
// "replicasets.apps/default/web", "nodes/n1"). sync(key):
//
//  - Being deleted with the `orphan` finalizer: removes the object's ownerReference from each of its
//    dependents, then (no dependent refers to it any more) removes the finalizer.
//  - Being deleted with the `foregroundDeletion` finalizer: deletes its dependents (foreground too, so
//    a chain Deployment -> ReplicaSet -> Pod goes bottom-up), and removes the finalizer once no
//    dependent with blockOwnerDeletion remains. Without other finalizers the server then deletes it.
//  - Otherwise, for its ownerReferences: an owner whose uid is not in the cache is confirmed absent
//    with a GET from the server (the cache may not have seen a just-created owner yet: a pod can
//    arrive before its ReplicaSet). If every owner is absent, the object is deleted (background, uid
//    precondition); if only some are, the dangling references are removed.
//
// Events re-queue the object itself, its owners (a dependent went: a foreground owner may finish) and,
// when it is deleted, its dependents (their owner may be gone).
//
// Thread affinity: the Controller base's (one thread with an event loop, the client's).
#pragma once

#include "controller.h"

#include <QHash>
#include <QSet>

namespace tugboat::controllers {

class GarbageCollector : public Controller {
    Q_OBJECT
public:
    static const QString kForegroundFinalizer; // "foregroundDeletion"
    static const QString kOrphanFinalizer;     // "orphan"

    GarbageCollector(client::ApiClient &client, DelayScheduler &scheduler, QObject *parent = nullptr);

    // The key an object of `kind` is reconciled under.
    static QString keyFor(const api::ResourceInfo &kind, const api::Object &object);

    // Keys of the cached objects that name `ownerUid` in their ownerReferences.
    QStringList dependentsOf(const QString &ownerUid) const;

protected:
    api::Result<void> sync(const QString &key) override;

private:
    struct Entry {
        api::ResourceInfo kind;
        api::ObjectPtr object;
    };

    QStringList keysFor(const api::ResourceInfo &kind, const api::ObjectPtr &old, const api::ObjectPtr &now);
    void unindex(const api::Object &object, const QString &key);
    void index(const api::Object &object, const QString &key);
    std::optional<Entry> lookup(const QString &key) const;

    api::Result<void> orphanDependents(const QString &key, const Entry &owner);
    api::Result<void> deleteDependentsFirst(const QString &key, const Entry &owner);
    api::Result<void> checkOwners(const QString &key, const Entry &dependent);
    void actOnAbsentOwners(const QString &key, const Entry &dependent, const QSet<QString> &absentUids);
    void removeFinalizer(const QString &key, const Entry &owner, const QString &finalizer);
    void updateObject(const QString &key, const api::ResourceInfo &kind, const api::Object &object);

    QHash<QString, client::Informer *> m_informers;  // qualified resource -> informer
    QHash<QString, QString> m_keyByUid;              // uid -> key
    QHash<QString, QSet<QString>> m_dependentsByUid; // owner uid -> dependents' keys
};

} // namespace tugboat::controllers
