"""The one compiled module: yamlsource's builder in C (helpwanted/questionnaire/cbuilder.pyx).

Everything else is in pyproject.toml. Building it needs a C compiler and libyaml's headers
(Debian: gcc, libyaml-dev); where they are missing the install goes on without it and the
checker uses the Python builder, which gives the same result more slowly.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "helpwanted.questionnaire.cbuilder",
            ["helpwanted/questionnaire/cbuilder.pyx"],
            libraries=["yaml"],
            optional=True,
        )
    ]
)
