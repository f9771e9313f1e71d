# Kublr network requirements 1.30.0, profile prod-eu-1, changes since 1.29.0: GCP VPC firewall rules for Terraform.
# INGRESS rules on the destination role's network tags; a flow to an external role (the Internet,
# an intranet, a cloud API) is an EGRESS rule on the source's tags with the role's networks as
# destination_ranges (the Internet: 0.0.0.0/0 and ::/0 unless the profile narrows it). GCP takes
# IPv4 or IPv6 ranges in one rule, not both: a flow to both has a second rule named "...-ipv6".
# Variables stand for the network and for tags or ranges the profile does not give: set them before applying.
#
# Changes since 1.29.0: this file holds only the rules for the 2 flow(s) to add.
# Remove these rules (2 flow(s) removed or changed):
# - legacy-heapster: node -> node, tcp 8082 (Heapster)
#     google_compute_firewall.prod-eu-1-legacy-heapster
# - etcd-peer: master -> master, tcp 2380-2390 (Etcd)
#     google_compute_firewall.prod-eu-1-etcd-peer (the same resource address as a rule to add below: Terraform updates or replaces that rule)
# Terraform is declarative: a rule goes when its resource leaves the configuration. If the rules above
# were created from the Terraform output rendered for 1.29.0, render the full catalog version
# 1.30.0 for this profile and apply it in place of that file: that removes them and keeps the others.
# This file alone must not take the place of the full one: every unchanged rule would be removed too.

variable "network" {
  description = "The VPC network (name or self link) the rules belong to."
  type        = string
}

# kcp-master-secret-store: kcp -> master, tcp 11250 (Kublr secret store)
resource "google_compute_firewall" "prod-eu-1-kcp-master-secret-store" {
  name          = "prod-eu-1-kcp-master-secret-store"
  network       = var.network
  description   = "Kublr secret store: KCP needs access to bare-metal clusters’ masters’ secret store"
  direction     = "INGRESS"
  target_tags   = ["kublr-master"]
  source_ranges = ["192.168.10.0/24"]
  source_tags   = ["kublr-kcp"]

  allow {
    protocol = "tcp"
    ports    = ["11250"]
  }
}

# etcd-peer: master -> master, tcp 2380 (Etcd)
resource "google_compute_firewall" "prod-eu-1-etcd-peer" {
  name          = "prod-eu-1-etcd-peer"
  network       = var.network
  description   = "Etcd"
  direction     = "INGRESS"
  target_tags   = ["kublr-master"]
  source_ranges = ["10.0.1.0/24"]
  source_tags   = ["kublr-master"]

  allow {
    protocol = "tcp"
    ports    = ["2380"]
  }
}
