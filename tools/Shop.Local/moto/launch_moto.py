"""Starts moto_server the way Shop's local environment needs it.

Seven things differ from a plain `moto_server`:

1. Step Functions executes state machine definitions (moto's ASL interpreter) instead of
   answering with canned results; its Lambda tasks reach Shop's edge through MOTO_PORT.
2. moto 5.2.1 deep-copies a state machine, past executions included, on every StartExecution.
   Those executions hold locks, so the second execution of any state machine fails with
   "cannot pickle '_thread.RLock' object". The copy made here shares the execution list and
   the backend with the original instead of copying them. A test runs one state machine
   several times, so an upgrade that changes this is noticed.
3. StartExecution without a name gets a UUID, as in AWS (moto names it "None", so the second
   unnamed execution would collide with the first).
4. AdminUserGlobalSignOut revokes refresh tokens however the user signed in (moto matches the
   name given at sign-in only, so a sign-out by sub leaves email sessions alive).
5. DynamoDB item operations run one at a time. moto's TransactWriteItems rolls a failed
   transaction back by restoring a copy of every table taken before it began, which under
   concurrent requests (the server is threaded) undoes other clients' writes or keeps a failed
   transaction's items, and a read can see half a transaction; AWS serialises conflicting
   writes per item and isolates transactions from reads. One lock around every item operation
   gives the outcome AWS gives.
6. A failed TransactWriteItems keeps the table's stream. moto rolls back by putting a deep copy
   of the table in its place, stream shard included, while every open shard iterator (the
   indexer's event source mapping) still reads the old shard: the stream then looks empty
   forever. The rollback now keeps the live shard, cut back to its length before the
   transaction, so nothing a failed transaction did appears in the stream, as in AWS.
7. The server exits when its parent (Shop.Local) goes away, so a killed supervisor leaves no
   emulator behind.

Usage: launch_moto.py PORT  (the edge's port must be in MOTO_PORT)
"""

import copy
import os
import sys
import threading
import time


def share_executions_on_copy() -> None:
    from moto.stepfunctions import models as sfn_models

    shared = ("executions", "backend")

    def deepcopy_sharing_executions(self, memo):
        clone = self.__class__.__new__(self.__class__)
        memo[id(self)] = clone
        for name, value in self.__dict__.items():
            setattr(clone, name, value if name in shared else copy.deepcopy(value, memo))
        return clone

    sfn_models.StateMachineInstance.__deepcopy__ = deepcopy_sharing_executions


def name_unnamed_executions() -> None:
    """StartExecution without a name gets a UUID in AWS; moto 5.2.1 names it "None", so a second one collides."""
    import uuid

    from moto.stepfunctions.parser import models as parser_models

    original = parser_models.StepFunctionsParserBackend.start_execution

    def start_execution(self, state_machine_arn, name=None, *args, **kwargs):
        return original(self, state_machine_arn, name or str(uuid.uuid4()), *args, **kwargs)

    parser_models.StepFunctionsParserBackend.start_execution = start_execution


def sign_out_by_any_username() -> None:
    """AdminUserGlobalSignOut by a user's sub must end sessions that signed in with their email.

    moto 5.2.1 compares the name given to the sign-out with the name used at sign-in, so for a
    pool that signs in by email the refresh tokens survive. AWS revokes them.
    """
    from moto.cognitoidp import models as cognito

    def sign_out(self, username):
        user = self._get_user(username)
        for token, session in list(self.refresh_tokens.items()):
            if session is not None and self._get_user(session[1]) is user:
                self.refresh_tokens[token] = None
        for token, (_, signed_in_as) in list(self.access_tokens.items()):
            if self._get_user(signed_in_as) is user:
                self.access_tokens.pop(token)

    cognito.CognitoIdpUserPool.sign_out = sign_out


def keep_streams_across_rollbacks() -> None:
    """A transaction's rollback must not orphan the shard that open iterators read."""
    from moto.dynamodb import models as dynamodb

    original = dynamodb.DynamoDBBackend.transact_write_items

    def transact_write_items(self, *args, **kwargs):
        before = {
            name: (table, table.stream_shard, len(table.stream_shard.items))
            for name, table in self.tables.items()
            if table.stream_shard is not None
        }
        try:
            return original(self, *args, **kwargs)
        finally:
            for name, (table, shard, length) in before.items():
                restored = self.tables.get(name)
                if restored is not None and restored is not table:
                    del shard.items[length:]
                    shard.table = restored
                    restored.stream_shard = shard

    dynamodb.DynamoDBBackend.transact_write_items = transact_write_items


def serialise_dynamodb_item_operations() -> None:
    """Every DynamoDB item read and write holds one lock: transactions are isolated, as in AWS."""
    import functools
    import threading

    from moto.dynamodb import models as dynamodb

    lock = threading.RLock()

    def locked(method):
        @functools.wraps(method)
        def call(*args, **kwargs):
            with lock:
                return method(*args, **kwargs)

        return call

    for name in ("put_item", "update_item", "delete_item", "batch_write_item", "transact_write_items",
                 "execute_transaction", "batch_execute_statement", "execute_statement",
                 "get_item", "batch_get_item", "transact_get_items", "query", "scan"):
        if hasattr(dynamodb.DynamoDBBackend, name):
            setattr(dynamodb.DynamoDBBackend, name, locked(getattr(dynamodb.DynamoDBBackend, name)))


def execute_state_machines() -> None:
    from moto.core.config import default_user_config

    default_user_config["stepfunctions"]["execute_state_machine"] = True
    # Lambda is served by Shop's edge, never by moto's Docker-based runner.
    default_user_config["lambda"]["use_docker"] = False


def exit_with_parent() -> None:
    parent = os.getppid()

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: launch_moto.py PORT")
    if not os.environ.get("MOTO_PORT"):
        sys.exit("MOTO_PORT must name the edge's port, where moto's Step Functions tasks call Lambda")
    share_executions_on_copy()
    name_unnamed_executions()
    sign_out_by_any_username()
    keep_streams_across_rollbacks()
    serialise_dynamodb_item_operations()
    execute_state_machines()
    exit_with_parent()

    from moto.server import main as moto_main

    moto_main(["--host", "127.0.0.1", "--port", sys.argv[1]])


if __name__ == "__main__":
    main()
