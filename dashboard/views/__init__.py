"""The operator console's views: pages and partials, discovery, actions, access."""
