"""Packages of MockView, with the checkout's top-level questions/ and assets/ shipped inside them.

The metadata is in pyproject.toml. The banks and icons stay at the top of the checkout, where
people edit them; the wheel carries them as mockview/questions and mockview/assets, found at run
time by mockview.core.paths. pyproject's `packages.find` cannot add these mapped folders to the
packages it finds, hence this file.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages("src"), "mockview.questions", "mockview.assets"],
    package_dir={"": "src", "mockview.questions": "questions", "mockview.assets": "assets"},
)
