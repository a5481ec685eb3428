// Empties namespaces that are being deleted, then releases them (Kubernetes' namespace controller).
//
// A Namespace deleted through the API keeps existing, with a deletionTimestamp and status.phase
// Terminating, for as long as spec.finalizers holds "kubernetes". For such a namespace sync(name):
//
//  1. deletes every namespaced object in it, of every kind in api::Kinds (background propagation:
//     the garbage collector takes care of what they own), skipping objects already being deleted;
//  2. waits until they are gone: each content informer's deletion re-queues the namespace, so no
//     polling. Objects held by finalizers keep the namespace until their owners release them;
//  3. once the cache shows nothing, confirms with a list of every kind from the server (the cache may
//     lag behind a create that raced the deletion) and, if that is empty too, removes "kubernetes"
//     from spec.finalizers. Kubernetes does that through PUT namespaces/NAME/finalize; the server
//     and ApiClient do not offer that subresource yet, so this is a PUT of the namespace itself with
//     the finalizer removed (resourceVersion as precondition). The server deletes the namespace once
//     that write leaves it with no finalizers at all.
//
// Status conditions (NamespaceDeletionContentFailure, ...) are not written: see the report in
// namespacecontroller.cpp for why a status write is unsafe on the current server.
//
// Keys: the namespace's name (namespaces are cluster-scoped).
//
// Thread affinity: the Controller base's (one thread with an event loop, the client's).
#pragma once

#include "controller.h"

namespace tugboat::controllers {

class NamespaceController : public Controller {
    Q_OBJECT
public:
    // The finalizer this controller owns in spec.finalizers.
    static const QString kFinalizer; // "kubernetes"

    NamespaceController(client::ApiClient &client, DelayScheduler &scheduler, QObject *parent = nullptr);

    // The namespaced kinds emptied out of a terminating namespace: every namespaced kind in api::Kinds.
    static QList<api::ResourceInfo> contentKinds();

protected:
    api::Result<void> sync(const QString &key) override;

private:
    // Content of `ns` in the informer caches: objects not yet gone, with their kind.
    QList<std::pair<api::ResourceInfo, api::ObjectPtr>> cachedContent(const QString &ns) const;
    void deleteContent(const QString &key, const api::ResourceInfo &kind, const api::Object &object);
    // Lists every content kind from the server; deletes what it finds, or finalizes if nothing.
    void confirmEmptyThenFinalize(const QString &key, const api::ObjectPtr &ns);
    void finalize(const QString &key, const api::Object &ns);

    client::Informer *m_namespaces = nullptr;
    QList<std::pair<api::ResourceInfo, client::Informer *>> m_content;
};

} // namespace tugboat::controllers
