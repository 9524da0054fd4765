/// The dashboard's files (Resources/web, embedded by Package.swift's
/// `.embedInCode("Resources/web")`), by path under the web root.
///
/// SwiftPM embeds a folder as flat `PackageResources.<file_name>` arrays
/// (dots and dashes become `_`), so file names must be unique across the
/// whole folder, and each file is listed here with its path. A unit test
/// (WebAssetsTests) walks the folder and fails for a file missing from
/// this list or listed with other bytes.
enum WebAssets {
    static let files: [(path: String, bytes: [UInt8])] = [
        ("index.html", PackageResources.index_html),
        ("overlay.html", PackageResources.overlay_html),
        ("favicon.svg", PackageResources.favicon_svg),
        ("css/base.css", PackageResources.base_css),
        ("css/pages.css", PackageResources.pages_css),
        ("css/overlay.css", PackageResources.overlay_css),
        ("css/tonight.css", PackageResources.tonight_css),
        ("js/dom.js", PackageResources.dom_js),
        ("js/auth.js", PackageResources.auth_js),
        ("js/api.js", PackageResources.api_js),
        ("js/live.js", PackageResources.live_js),
        ("js/app.js", PackageResources.app_js),
        ("js/overlay.js", PackageResources.overlay_js),
        ("js/components/presence-bar.js", PackageResources.presence_bar_js),
        ("js/components/room-state.js", PackageResources.room_state_js),
        ("js/components/tonight-game.js", PackageResources.tonight_game_js),
        ("js/components/vote-feed.js", PackageResources.vote_feed_js),
        ("js/components/vote-tally.js", PackageResources.vote_tally_js),
        ("js/pages/login.js", PackageResources.login_js),
        ("js/pages/tonight.js", PackageResources.tonight_js),
        // The picker, history, session and catalogue pages and their components.
        ("js/components/catalogue-csv.js", PackageResources.catalogue_csv_js),
        ("js/components/catalogue-filters.js", PackageResources.catalogue_filters_js),
        ("js/components/catalogue-form.js", PackageResources.catalogue_form_js),
        ("js/components/catalogue-list.js", PackageResources.catalogue_list_js),
        ("js/components/catalogue-packs.js", PackageResources.catalogue_packs_js),
        ("js/components/history-controls.js", PackageResources.history_controls_js),
        ("js/components/history-list.js", PackageResources.history_list_js),
        ("js/components/pages-confirm.js", PackageResources.pages_confirm_js),
        ("js/components/pages-download.js", PackageResources.pages_download_js),
        ("js/components/pages-file.js", PackageResources.pages_file_js),
        ("js/components/pages-message.js", PackageResources.pages_message_js),
        ("js/components/pages-raw.js", PackageResources.pages_raw_js),
        ("js/components/picker-filters.js", PackageResources.picker_filters_js),
        ("js/components/picker-result.js", PackageResources.picker_result_js),
        ("js/components/session-export.js", PackageResources.session_export_js),
        ("js/components/session-games.js", PackageResources.session_games_js),
        ("js/components/session-import.js", PackageResources.session_import_js),
        ("js/components/session-votes.js", PackageResources.session_votes_js),
        ("js/pages/catalogue.js", PackageResources.catalogue_js),
        ("js/pages/history.js", PackageResources.history_js),
        ("js/pages/picker.js", PackageResources.picker_js),
        ("js/pages/session.js", PackageResources.session_js),
    ]

    /// Files of the web root that are not served.
    static let unserved: Set<String> = ["README.md"]

    /// Page URLs: the dashboard (hash routes from there) and the overlay.
    static let aliases = ["/": "index.html", "/overlay": "overlay.html"]

    static let table = StaticAssets(files: files, aliases: aliases)
}
