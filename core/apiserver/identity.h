// Who is making a request, once authenticated: the user and groups Kubernetes would see, and the
// Tugboat role that authorisation decides on.
//
// User names and groups follow Kubernetes, so that messages and audit lines read as kubectl users expect:
//   admin      user "admin",               groups system:masters, system:authenticated
//   viewer     user "viewer",              groups tugboat:viewers, system:authenticated
//   node       user "system:node:<name>",  groups system:nodes, system:authenticated
//   join token user "system:bootstrap:<id>", groups system:bootstrappers, system:authenticated
//              (role node without a node name: it may only be exchanged for a node credential)
//   anonymous  user "system:anonymous",    group system:unauthenticated
//
// A plain value; holds no secret, so it may be logged.
#pragma once

#include <QDebug>
#include <QString>
#include <QStringList>
#include <optional>

namespace tugboat::apiserver {

enum class Role {
    Admin,     // everything
    Viewer,    // read everything but secrets
    Node,      // a node agent: its own Node, Lease and pods (see authorizer.h)
    Anonymous, // no credentials: health and version endpoints only; never stored in a token
};

// "admin", "viewer", "node", "anonymous".
QString roleName(Role role);
// The roles a token may carry (admin, viewer, node); nullopt for anything else.
std::optional<Role> tokenRoleFromName(const QString &name);

struct Identity {
    QString userName;
    QStringList groups;
    Role role = Role::Anonymous;
    QString nodeName; // the node a node credential speaks for; empty for a join token
    QString tokenId;  // the token that authenticated the request, for audit; never the secret

    // The identity a token of `role` authenticates as (nodeName for node credentials).
    static Identity forToken(Role role, const QString &tokenId, const QString &nodeName = {});
    static Identity anonymous();

    bool isJoinToken() const { return role == Role::Node && nodeName.isEmpty(); }

    friend bool operator==(const Identity &, const Identity &) = default;
};

QDebug operator<<(QDebug debug, const Identity &identity);

} // namespace tugboat::apiserver
