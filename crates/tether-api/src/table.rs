// The one list of Tether's commands. Each entry: what it does (its doc), its name, its
// arguments, its result, and the one call it makes. Everything else is expanded from here:
// the typed calls and the JSON dispatch (`expand.rs`), the window's permission list (the
// desktop's build script includes this file as text), the HTTP router and its OpenAPI
// document, the TypeScript client, and the CLI's `tether call`. Add a command here and its
// use case in the core; there is nothing else to register.
//
// A plain `//` header on purpose: build scripts `include!` this file, where inner doc
// comments are not allowed.

macro_rules! with_commands {
    ($expand:ident) => {
        $expand! {
            // ---- the board (SD1–SD7) ----
            /// The sidebar: the technician at the desk, channels with their counts, provider
            /// health, pending actions and settings.
            board() -> Board = |rt| rt.console().sessions.board().await;
            /// Every session of a view (Home, Private, a channel), newest state change first.
            list_sessions(view: ChannelRef) -> Vec<Session> =
                |rt| rt.console().sessions.list_sessions(&view).await;
            /// One page of a view's list, for a state tab and a search, with every tab's count.
            session_page(view: ChannelRef, query: SessionQuery) -> SessionPage =
                |rt| rt.console().sessions.session_page(&view, &query).await;
            /// One session with its history and what the technician may do with it now.
            session_detail(id: String) -> SessionDetail = |rt| rt.console().sessions.session_detail(&id).await;
            /// SD2: a new session at the provider, Pending and assigned to the technician.
            create_session(session: NewSession) -> Session =
                |rt| rt.console().sessions.create_session(session).await;
            /// SD4: asks the end user for permission to connect.
            request_permission(id: String) -> Session =
                |rt| rt.console().sessions.request_permission(&id).await;
            /// SD4: opens the technician's side once the end user granted permission.
            start_remote(id: String) -> OpenedUrl = |rt| rt.console().sessions.start_remote(&id).await;
            /// SD5: assigns (or transfers to) a technician.
            assign(id: String, technician_id: String) -> Session =
                |rt| rt.console().sessions.assign(&id, &technician_id).await;
            /// SD5: the technician at the desk takes the session.
            take(id: String) -> Session = |rt| rt.console().sessions.take(&id).await;
            /// SD5: moves the session to another channel.
            transfer_to_channel(id: String, channel_id: String) -> Session =
                |rt| rt.console().sessions.transfer_to_channel(&id, &channel_id).await;
            /// SD5: invites another technician (at most three per session).
            invite_technician(id: String, technician_id: String) -> Session =
                |rt| rt.console().sessions.invite_technician(&id, &technician_id).await;
            /// SD5: releases the session to its channel's queue.
            release(id: String) -> Session = |rt| rt.console().sessions.release(&id).await;
            /// SD5: closes the session; the provider is told through the outbox. A session from
            /// a ticket takes `comment` back to it with its time (SP2).
            close(id: String, comment: Option<String>) -> Session =
                |rt| rt.console().sessions.close(&id, comment).await;
            /// SD5: removes the session from its channel and, through the outbox, from the
            /// provider.
            delete_session(id: String) -> () = |rt| rt.console().sessions.delete(&id).await;
            /// TK2: every provider action waiting, refused or not.
            pending_actions() -> Vec<PendingAction> =
                |rt| rt.console().sessions.pending_actions().await;
            /// TK2 *Retry*: sends a waiting or refused provider action now.
            retry_action(id: u32) -> () = |rt| rt.console().sessions.retry_action(id).await;
            /// TK2 *Discard*: gives up on a waiting or refused provider action.
            discard_action(id: u32) -> () = |rt| rt.console().sessions.discard_action(id).await;
            /// Polls the provider now.
            sync_now() -> PollReport = |rt| rt.console().poller.poll_once().await;
            /// Demo workspace: plays the end user of the session with this code.
            demo_end_user(code: String, action: EndUserAction) -> () =
                |rt| rt.demo_end_user(&code, action).await;

            // ---- the workspace ----
            /// Which workspace is open (the demo or the desk's own), and what it still needs.
            workspace() -> WorkspaceInfo = |rt| rt.workspace_info().await;
            /// "Set up your workspace": the desk's own workspace from now on, with the
            /// technician at the desk. The demo's data stays in the demo.
            leave_demo(technician: Option<Technician>) -> WorkspaceInfo =
                |rt| rt.leave_demo(technician).await;
            /// Back to the demo workspace; the desk's own keeps everything for later.
            return_to_demo() -> WorkspaceInfo = |rt| rt.return_to_demo().await;
            /// Joins a team: its server and the technician's access token (kept in the
            /// keychain). The desk then works on the team's board; its solo workspace waits,
            /// untouched.
            join_team(join: JoinTeam) -> TeamStatus = |rt| rt.join_team(join).await;
            /// Leaves the team: back to the solo workspace as it was.
            leave_team() -> WorkspaceInfo = |rt| rt.leave_team().await;
            /// The team this desk is in: whether the server is reachable, and the actions
            /// taken while it was not (waiting, or refused on replay).
            team_status() -> TeamStatus = |rt| rt.team_status().await;
            /// Forgets an action taken offline: a refusal read, or an action given up.
            dismiss_team_action(id: u32) -> TeamStatus = |rt| rt.dismiss_team_action(id).await;

            // ---- channels, technicians, this desk ----
            /// SD7: a channel's timeout, members and privacy.
            update_channel_settings(channel_id: String, settings: ChannelSettings) -> () =
                |rt| rt.console().settings.update_channel_settings(&channel_id, settings).await;
            /// SD6: mutes or unmutes a channel's notifications.
            set_channel_muted(channel_id: String, muted: bool) -> () =
                |rt| rt.console().settings.set_channel_muted(&channel_id, muted).await;
            /// Every technician Tether knows.
            technicians() -> Vec<Technician> = |rt| rt.console().settings.technicians().await;
            /// Adds a technician, or updates one with the same id.
            add_technician(technician: Technician) -> () =
                |rt| rt.console().settings.add_technician(technician).await;
            /// Chooses the technician at this desk.
            set_current_technician(id: String) -> () =
                |rt| rt.console().settings.set_current_technician(&id).await;
            /// How often open sessions are polled, in milliseconds.
            set_poll_interval(ms: u32) -> () = |rt| rt.console().settings.set_poll_interval(ms).await;
            /// How many requests a minute polling open sessions may make.
            set_poll_budget(per_minute: u32) -> () =
                |rt| rt.console().settings.set_poll_budget(per_minute).await;
            /// SP1: where the technician's new sessions go unless they pick another channel.
            set_default_channel(channel_id: String) -> () =
                |rt| rt.console().settings.set_default_channel(&channel_id).await;
            /// IN8: whether the technician at the desk takes invitations now.
            set_available(available: bool) -> () = |rt| rt.console().desk.set_available(available).await;

            // ---- integrations and credentials (CR1–CR4) ----
            /// One card per provider. Secrets never come back: only which are stored.
            integrations() -> Vec<Integration> = |rt| rt.integrations.list().await;
            /// Saves a card; its secrets go to the OS keychain.
            save_integration(update: IntegrationUpdate) -> Integration =
                |rt| rt.integrations.save(update).await;
            /// Removes one secret of a card from the keychain.
            remove_integration_secret(kind: IntegrationKind, key: String) -> Integration =
                |rt| rt.integrations.remove_secret(kind, &key).await;
            /// Removes a provider's secrets from the keychain and its settings from the cache.
            remove_integration(kind: IntegrationKind) -> () =
                |rt| rt.integrations.remove(kind).await;
            /// *Test configuration*: the provider's cheapest authenticated call, in words.
            test_integration(kind: IntegrationKind) -> TestOutcome =
                |rt| rt.integrations.test(kind).await;
            /// *Test configuration* on what the card shows, saved or not; writes nothing.
            test_integration_draft(update: IntegrationUpdate) -> TestOutcome =
                |rt| rt.integrations.test_draft(update).await;
            /// The technician's own OAuth authorisation of a provider.
            authorisation(kind: IntegrationKind) -> AuthorisationStatus =
                |rt| rt.authorisation(kind).await;
            /// Opens the provider's consent page and waits (five minutes at most) for its
            /// redirect; an `authorisation_pending` event carries the page's link meanwhile.
            authorise(kind: IntegrationKind) -> AuthorisationStatus =
                |rt| rt.authorise(kind).await;
            /// The sign-in page of the authorisation waiting now, opened again by the system
            /// (the browser did not open, or was closed); the caller opens `url` itself when
            /// `opened` is false.
            open_authorisation(kind: IntegrationKind) -> OpenedUrl = |rt| rt.open_authorisation(kind);
            /// Leaves a colleague's connection, or forgets (and revokes) the technician's own
            /// tokens.
            disconnect(kind: IntegrationKind) -> AuthorisationStatus =
                |rt| rt.disconnect(kind).await;
            /// TV1: connections colleagues authorised on this machine, to reuse instead of
            /// signing in again.
            oauth_connections(kind: IntegrationKind) -> Vec<OAuthConnection> =
                |rt| rt.oauth_connections(kind).await;
            /// TV1: use a colleague's connection (or, given one's own id, one's own again).
            reuse_connection(kind: IntegrationKind, owner: String) -> AuthorisationStatus =
                |rt| rt.reuse_connection(kind, owner).await;

            // ---- SyncroMSP: customers and assets (SY2–SY6) ----
            /// What the admin chose about importing from Syncro.
            syncro_import_settings() -> SyncroImportSettings =
                |rt| rt.console().syncro.import_settings().await;
            /// The field selects of Settings → SyncroMSP.
            syncro_import_choices() -> SyncroImportChoices =
                |rt| rt.console().syncro.import_choices().await;
            /// Refuses mappings and sites that name nothing on this desk, each by name.
            save_syncro_import_settings(settings: SyncroImportSettings) -> SyncroImportSettings =
                |rt| rt.console().syncro.save_import_settings(settings).await;
            /// SY5: reads every page from Syncro and plans every row; writes nothing.
            /// `import_progress` events follow the pages.
            preview_syncro_import(kind: ImportKind) -> ImportPreview =
                |rt| rt.console().syncro.preview_import(kind).await;
            /// The preview waiting to run, if any.
            syncro_import_preview() -> Option<ImportPreview> =
                |rt| Ok::<_, tether_core::CoreError>(rt.console().syncro.current_preview().await);
            /// A page of the preview's rows, filtered by action and searched.
            syncro_import_rows(query: ImportRowQuery) -> ImportRowPage =
                |rt| rt.console().syncro.import_rows(query).await;
            /// Writes exactly the previewed plan, unless Syncro changed since; continues a run
            /// that stopped part-way.
            run_syncro_import(preview_id: String) -> ImportOutcome =
                |rt| rt.console().syncro.run_import(&preview_id).await;
            /// Forgets the preview waiting to run; nothing was written.
            discard_syncro_preview() -> () =
                |rt| Ok::<_, CoreError>(rt.console().syncro.discard_preview().await);
            /// SY6: the last run of each kind.
            syncro_import_runs() -> Vec<ImportOutcome> =
                |rt| rt.console().syncro.import_runs().await;
            /// SY6: re-sync now, without a preview.
            sync_syncro_now(kind: ImportKind) -> ImportOutcome =
                |rt| rt.console().syncro.sync_now(kind).await;

            /// SY7: what becomes of Syncro's RMM alerts.
            syncro_alert_settings() -> SyncroAlertSettings =
                |rt| rt.console().syncro.alert_settings().await;
            save_syncro_alert_settings(settings: SyncroAlertSettings) -> SyncroAlertSettings =
                |rt| rt.console().syncro.save_alert_settings(settings).await;
            /// SY7: where a Syncro webhook may post alerts; null while nothing listens.
            syncro_alerts_receiver() -> Option<String> =
                |rt| Ok::<_, CoreError>(rt.syncro_alerts_receiver());
            /// SY7: reads the alerts now; returns how many tickets were made.
            check_syncro_alerts() -> u32 =
                |rt| rt.console().syncro.check_alerts_now().await;

            // ---- TeamViewer sessions from tickets (TV2–TV5) ----
            /// TV4: the ticket's TeamViewer panel: whether TeamViewer is on, and its sessions as
            /// the technician at the desk may see them.
            tv_panel(ticket_id: String) -> TvPanel =
                |rt| rt.console().teamviewer.tv_panel(&ticket_id).await;
            /// TV2 / TV3: a remote or pilot session for the ticket's requester, invited by email
            /// (and, for a pilot session with a phone number, by SMS).
            create_tv_session(ticket_id: String, kind: TvSessionKind, phone: Option<String>) -> TvPanelSession =
                |rt| rt.console().teamviewer.create_tv_session(&ticket_id, kind, phone).await;
            /// TV4: the requester's invitation again.
            reinvite_tv_session(code: String) -> () =
                |rt| rt.console().teamviewer.reinvite_tv_session(&code).await;
            /// TV4: closes the session at TeamViewer and takes its reports onto the ticket.
            end_tv_session(code: String) -> TvPanelSession =
                |rt| rt.console().teamviewer.end_tv_session(&code).await;
            /// TV4: opens the supporter link (the creator's only).
            enter_tv_session(code: String) -> OpenedUrl =
                |rt| rt.console().teamviewer.enter_tv_session(&code).await;
            /// TV5: asks TeamViewer now for the sessions' state and finished connections.
            sync_teamviewer() -> u32 = |rt| rt.console().teamviewer.sync().await;

            // ---- the ticket desk (TK1, IN1–IN8, UA1–UA7) ----
            /// Customers, teams, ticket and asset types: the desk's filters and targets.
            directory() -> Directory = |rt| rt.console().desk.directory().await;
            /// IN3: whether a ticket type sends an invitation on create, and where it goes.
            update_ticket_type(id: String, send_invite_on_create: bool, invite_target: InviteTarget) -> TicketType =
                |rt| rt.console().desk.update_ticket_type(&id, send_invite_on_create, invite_target).await;
            /// Tickets matching the query, newest first (at most 500).
            tickets(query: TicketQuery) -> Vec<Ticket> = |rt| rt.console().desk.tickets(query).await;
            /// One ticket with its timeline.
            ticket_detail(id: String) -> TicketDetail = |rt| rt.console().desk.ticket_detail(&id).await;
            /// IN3: a ticket; its type may send an invitation at once.
            create_ticket(ticket: NewTicket) -> TicketCreated =
                |rt| rt.console().desk.create_ticket(ticket).await;
            /// A note on a ticket's timeline.
            add_ticket_note(id: String, note: String) -> () =
                |rt| rt.console().desk.add_ticket_note(&id, &note).await;
            /// SY7: a ticket's status (open, in progress, waiting, resolved, closed), on the
            /// timeline; resolving an alert's ticket resolves the alert in Syncro.
            set_ticket_status(id: String, status: TicketStatus) -> Ticket =
                |rt| rt.console().desk.set_ticket_status(&id, status).await;
            /// IN8 before sending: where the session will really go, and the email.
            preview_invite(request: InviteRequest) -> InvitePreview =
                |rt| rt.console().invitations.preview_invite(request).await;
            /// IN1, IN2, IN6: creates the session and mails the invitation through the outbox.
            send_invite(request: InviteRequest) -> TicketAction =
                |rt| rt.console().invitations.send_invite(request).await;
            /// IN4 before posting: where the session will go, and the chat message as it reads.
            /// Without a target, the ticket type's, else the default one.
            preview_chat_invite(ticket_id: String, target: Option<InviteTarget>) -> ChatInvitePreview =
                |rt| rt.console().invitations.preview_chat_invite(&ticket_id, target).await;
            /// IN4: the link as a message in the ticket's chat; the target as for the preview.
            send_chat_invite(ticket_id: String, target: Option<InviteTarget>) -> ChatMessage =
                |rt| rt.console().invitations.send_chat_invite(&ticket_id, target).await;
            /// A chat's messages, oldest first.
            chat_messages(chat_id: String) -> Vec<ChatMessage> =
                |rt| rt.console().desk.chat_messages(&chat_id).await;
            /// Assets matching the query.
            assets(query: AssetQuery) -> Vec<Asset> = |rt| rt.console().desk.assets(query).await;
            /// An asset with its fields, launch buttons (or why there are none) and launches.
            asset_detail(id: String) -> AssetDetail = |rt| rt.console().desk.asset_detail(&id).await;
            /// UA5, UA6: records the launch, then opens it with the system.
            launch(asset_id: String, button_id: String) -> Launch =
                |rt| rt.console().desk.launch(&asset_id, &button_id, false).await;
            /// The URL a launch button would open, recording nothing.
            launch_url(asset_id: String, button_id: String) -> Launch =
                |rt| rt.console().desk.launch(&asset_id, &button_id, true).await;
            /// IN1, IN5, IN7, IN8, UA1, UA2.
            remote_support_settings() -> RemoteSupportSettings =
                |rt| rt.console().invitations.remote_support_settings().await;
            save_remote_support_settings(settings: RemoteSupportSettings) -> () =
                |rt| rt.console().invitations.save_remote_support_settings(settings).await;
            /// IN5: the template editor's live preview, with every problem found.
            preview_templates(templates: InviteTemplates) -> TemplatePreview =
                |rt| Ok::<_, CoreError>(rt.console().invitations.preview_templates(&templates));
            /// TK2: emails still waiting for the mail server.
            pending_mail() -> Vec<PendingMail> = |rt| rt.console().invitations.pending_mail().await;
            /// TK2: gives up on an email the server refused; the ticket's timeline says so.
            discard_mail(id: u32) -> () = |rt| rt.console().invitations.discard_mail(id).await;
            /// TK2: new recipients for an email the server refused, sent now.
            correct_mail(id: u32, recipients: String) -> PendingMail =
                |rt| rt.console().invitations.correct_mail(id, &recipients).await;
            /// Tries every pending email now; answers how many still wait.
            retry_mail() -> u32 = |rt| rt.console().invitations.retry_mail_now().await;
            /// Customers, teams, types, assets and tickets from an import file; rows that
            /// fail their checks are named and skipped.
            import_desk(desk: DeskImport) -> ImportReport = |rt| rt.console().desk.import_desk(desk).await;

            // ---- BeyondTrust (BT1–BT8) ----
            /// BT2, BT3, BT8: agents, teams and the intake rules.
            beyondtrust_settings() -> BeyondTrustSettings =
                |rt| rt.console().beyondtrust.beyondtrust_settings().await;
            save_beyondtrust_settings(settings: BeyondTrustSettings) -> () =
                |rt| rt.console().beyondtrust.save_beyondtrust_settings(settings).await;
            /// BT3 *Get teams*: adds the appliance's teams not listed yet, disabled.
            fetch_beyondtrust_teams() -> BeyondTrustSettings =
                |rt| rt.console().beyondtrust.fetch_beyondtrust_teams().await;
            /// BT7: finished sessions no ticket claimed, with suggested tickets.
            unlinked_sessions() -> Vec<UnlinkedSession> =
                |rt| rt.console().beyondtrust.unlinked_sessions().await;
            /// BT7: the session's action goes on the ticket.
            link_remote_session(id: String, ticket_id: String) -> RemoteSessionRecord =
                |rt| rt.console().beyondtrust.link_remote_session(&id, &ticket_id).await;
            /// The demo's mailbox: what its invitations sent, newest first.
            demo_mailbox() -> Vec<DemoMail> = |rt| rt.demo_mailbox();
            /// The way from the demo to a working desk: each step done or missing, and where
            /// in Settings it is done.
            setup_checklist() -> SetupChecklist = |rt| rt.setup_checklist().await;
            /// Where BeyondTrust's outbound events must be sent; null while nothing listens.
            events_receiver() -> Option<String> =
                |rt| Ok::<_, CoreError>(rt.events_receiver());
            /// Processes stored events and reconciles with the reporting API now.
            intake_now() -> IntakeRound = |rt| rt.console().beyondtrust.intake_now().await;
        }
    };
}
